package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The sandbox booking API: an in-memory imitation of BarberPro's booking platform on its own
 * listener ({@code hub.sandbox.port}). {@code HubApplication}'s component scan finds it (an explicit
 * {@code @Import} works as well); it is deliberately not an auto-configuration because it belongs to
 * the application, not to a reusable module.
 *
 * <p>It does not share the application's {@code ObjectMapper} or {@code ProblemWriter}: the platform is
 * a separate service, and its JSON rules (offsets kept as sent, no date timestamps) must not change
 * when the hub's do.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxBookingApiConfiguration {

    @Bean
    SandboxBookingApiServer sandboxBookingApiServer(SandboxProperties properties, Clock clock,
                                                    ObjectProvider<PlatformEventSink> eventSink) {
        ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json()
                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        ProviderCatalog catalog = SampleProviders.catalog();
        InMemoryBookingStore store = new InMemoryBookingStore();
        AvailabilityCalculator availability = new AvailabilityCalculator(clock);
        BookingEvents events = new BookingEvents(eventSink, objectMapper, clock);
        ProviderHandler providers = new ProviderHandler(catalog, store, availability);
        BookingHandler bookings = new BookingHandler(catalog, store, availability, events,
                new BookingRequestParser(objectMapper), clock);
        return new SandboxBookingApiServer(properties, SandboxRoutes.router(providers, bookings), objectMapper, clock);
    }
}
