package io.barberpro.hub.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.context.ApplicationContext;

/** The hub's route lookup replaces Spring Cloud Gateway's and routes the configured routes in their order. */
class InOrderRouteLookupIntegrationTest extends EdgeIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theGatewayHasOneHandlerMappingTheInOrderLookup() {
        assertThat(context.getBeansOfType(RoutePredicateHandlerMapping.class).values())
                .singleElement().isInstanceOf(InOrderRouteLookup.class);
    }

    @Test
    void eachRequestGoesToTheFirstRouteItMatches() {
        // given
        String key = registry.apiKey(registry.partner("routes"));

        // when
        Response booking = https().get("/api/v1/bookings/7", h -> h.set("X-API-Key", key));
        Response graphql = https().get("/graphql", h -> h.set("X-API-Key", key));
        Response nowhere = https().get("/nowhere", h -> h.set("X-API-Key", key));

        // then: /api/** after six more specific /api routes; /graphql to its placeholder (501); no route is a 404
        assertThat(booking.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/bookings/7")));
        assertThat(graphql.status()).isEqualTo(501);
        assertThat(nowhere.status()).isEqualTo(404);
    }
}
