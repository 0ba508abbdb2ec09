package io.barberpro.hub.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * The hub's per-route settings, read from Spring Cloud Gateway route metadata:
 * <ul>
 *   <li>{@code hub-required-scopes}: scopes the partner's credential must carry (list or comma-separated)</li>
 *   <li>{@code hub-max-body-size}: request body limit, e.g. {@code 64KB} (default {@code hub.gateway.max-body-size})</li>
 *   <li>{@code hub-rate-cost}: tokens one request costs (default 1)</li>
 * </ul>
 * Spring Cloud Gateway's own {@code connect-timeout} (ms) and {@code response-timeout} (ms) metadata apply too.
 */
public record RouteSettings(String routeId, Set<String> requiredScopes, DataSize maxBodySize, long rateCost) {

    public static final String REQUIRED_SCOPES = "hub-required-scopes";
    public static final String MAX_BODY_SIZE = "hub-max-body-size";
    public static final String RATE_COST = "hub-rate-cost";

    /** Parsed once per route ({@link PerRoute}). */
    public static final class Cache {

        private final PerRoute<RouteSettings> settings = new PerRoute<>(route -> parse(route.getId(), route.getMetadata()));
        private final DataSize defaultMaxBodySize;

        public Cache(DataSize defaultMaxBodySize) {
            this.defaultMaxBodySize = defaultMaxBodySize;
        }

        public RouteSettings of(ServerWebExchange exchange) {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            if (route == null) {
                return new RouteSettings("none", Set.of(), defaultMaxBodySize, 1);
            }
            return settings.get(route);
        }

        private RouteSettings parse(String id, Map<String, Object> metadata) {
            Object size = metadata.get(MAX_BODY_SIZE);
            Object cost = metadata.get(RATE_COST);
            return new RouteSettings(id, strings(metadata.get(REQUIRED_SCOPES)),
                    size == null ? defaultMaxBodySize : DataSize.parse(size.toString()),
                    cost == null ? 1 : Long.parseLong(cost.toString()));
        }
    }

    /** YAML lists arrive as a list or as an index-keyed map, depending on how the route was bound. */
    private static Set<String> strings(Object value) {
        Stream<Object> items;
        if (value == null) {
            return Set.of();
        } else if (value instanceof Collection<?> c) {
            items = c.stream().map(Object.class::cast);
        } else if (value instanceof Map<?, ?> m) {
            items = m.values().stream().map(Object.class::cast);
        } else {
            items = Stream.of(value.toString().split(",")).map(Object.class::cast);
        }
        return items.map(Object::toString).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
