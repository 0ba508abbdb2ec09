package io.barberpro.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

class RouteSettingsTest {

    private final RouteSettings.Cache cache = new RouteSettings.Cache(DataSize.ofMegabytes(1));

    private static Route route(Map<String, Object> metadata) {
        return Route.async().id("bookings").uri("http://upstream.test").predicate(exchange -> true)
                .metadata(metadata).build();
    }

    private static MockServerWebExchange exchangeOn(Route route) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    @Test
    void readsTheHubsRouteMetadata() {
        Route route = route(Map.of(RouteSettings.REQUIRED_SCOPES, "bookings:read, bookings:write",
                RouteSettings.MAX_BODY_SIZE, "64KB", RouteSettings.RATE_COST, "3"));

        RouteSettings settings = cache.of(exchangeOn(route));

        assertThat(settings.requiredScopes()).containsExactlyInAnyOrder("bookings:read", "bookings:write");
        assertThat(settings.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(settings.rateCost()).isEqualTo(3);
    }

    @Test
    void parsesARouteOnceAndAgainOnlyWhenTheRouteIsReplaced() {
        Route route = route(Map.of(RouteSettings.RATE_COST, "2"));
        RouteSettings first = cache.of(exchangeOn(route));

        RouteSettings again = cache.of(exchangeOn(route));
        RouteSettings refreshed = cache.of(exchangeOn(route(Map.of(RouteSettings.RATE_COST, "5"))));

        assertThat(again).isSameAs(first);
        assertThat(refreshed.rateCost()).isEqualTo(5);
    }
}
