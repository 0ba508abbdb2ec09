package io.barberpro.hub.integration.rest;

import io.barberpro.hub.integration.IntegrationProperties;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The REST client side of the booking routes. */
@Configuration(proxyBeanMethods = false)
public class RestBookingApiConfiguration {

    @Bean
    BookingApiRoutes bookingApiRoutes(IntegrationProperties properties) {
        // an own mapper: the platform's JSON contract must not drift with the hub's Jackson settings
        var objectMapper = Jackson2ObjectMapperBuilder.json().build();
        return new BookingApiRoutes(properties.bookingApi().baseUrl(), new BookingApiRequests(objectMapper),
                new BookingApiResponses(objectMapper));
    }

    /**
     * camel-http sets timeouts on the component only. The hub's only HTTP component user is these
     * routes, so the platform's timeouts become the component's.
     */
    @Bean
    ComponentCustomizer bookingApiHttpTimeouts(IntegrationProperties properties) {
        IntegrationProperties.BookingApi api = properties.bookingApi();
        return ComponentCustomizer.forType(HttpComponent.class, http -> {
            http.setConnectTimeout(api.connectTimeout().toMillis());
            http.setConnectionRequestTimeout(api.connectTimeout().toMillis());
            http.setResponseTimeout(api.responseTimeout().toMillis());
            http.setSoTimeout(api.responseTimeout().toMillis());
        });
    }
}
