package io.barberpro.hub.gateway;

import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.core.roles.HubRoles;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults the hub gives Spring Cloud Gateway, at the lowest precedence so any configuration wins.
 * Each one removes work the default setup does on every request that the hub does not need; the
 * gateway bench ({@code bench/gateway.sh}) measures what is left against a vanilla gateway.
 * <ul>
 * <li>Spring Cloud Gateway's own request metrics filter and its per-request observations are off:
 * the hub records per-partner meters itself ({@code hub.gateway.*}).</li>
 * <li>Gateway routes are matched before the application's other handler mappings (annotated
 * controllers, router functions, actuator), so a partner request does not first walk every admin
 * mapping to find nothing. A route therefore must not claim the registry's edge paths
 * ({@code /oauth2/**}, {@code /.well-known/**}).</li>
 * <li>The global filters for cached request bodies and WebSocket routing are off: no hub route
 * caches a body or proxies WebSockets. A deployment adding such a route switches them back on.</li>
 * <li>The {@code Weight} route predicate is off, and with it the web filter it needs, which runs on every
 * request of the application and gives each one a map of its own for weight groups the hub has none of.
 * A deployment splitting a route by weight switches it back on.</li>
 * <li>Spring Cloud CircuitBreaker's Resilience4j bulkhead is off: the hub's routes use
 * {@code UpstreamCircuitBreaker}, but with it on (its default) a route using the stock
 * {@code CircuitBreaker} filter admits only 25 concurrent calls and answers the 26th with an error,
 * a cap no partner traffic should hit by accident. Upstream concurrency is bounded by the HTTP
 * client's connection pool instead.</li>
 * <li>A route's filter list (global filters merged with the route's own, sorted) is built once per
 * route, not once per request; a route refresh clears it.</li>
 * <li>Spring Boot's own server stays HTTP/1.1 ({@code server.http2.enabled=false}, also Spring Boot's
 * default), so Spring Cloud Gateway's gRPC header filters, which copy every request's and response's
 * headers to look for a gRPC content type, are not created. They would have nothing to do: the hub
 * proxies no gRPC (upstreams are called over HTTP/1.1), and the partner edge, which offers HTTP/2 by
 * ALPN, is the hub's own server ({@code EdgeListeners}), not Spring Boot's.</li>
 * <li>Spring Cloud Gateway's routing filter is replaced by {@code UpstreamRoutingFilter}, which keeps
 * the upstream time limits on the connection instead of copying the HTTP client and arming a shared
 * timer per request, copies headers fewer times, and removes hop-by-hop headers without copying messages
 * that carry none. The switch also takes the response-writing filter away; the hub's
 * {@code UpstreamResponseWriter} takes its place and sends a response of known, bounded length as one
 * write ({@code hub.gateway.response-buffer-size}).</li>
 * <li>On a node without the gateway role Spring Cloud Gateway is off altogether: the same jar and
 * configuration (routes included) then start a webhooks- or registry-only node.</li>
 * </ul>
 */
public class GatewayEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "hubGatewayDefaults";

    /** Off by default: the hub's {@code UpstreamRoutingFilter} routes instead. */
    public static final String STOCK_ROUTING_FILTER = "spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled";

    /** Off by default: no hub route splits traffic by weight. */
    public static final String WEIGHT_PREDICATE = "spring.cloud.gateway.server.webflux.predicate.weight.enabled";

    /** Before the actuator's endpoint mappings (-100), the earliest of Spring's own. */
    static final String ROUTES_FIRST = "-200";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.cloud.gateway.server.webflux.metrics.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.observability.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.handler-mapping.order", ROUTES_FIRST);
        defaults.put("spring.cloud.gateway.server.webflux.global-filter.remove-cached-body.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.global-filter.adapt-cached-body.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.global-filter.websocket-routing.enabled", "false");
        defaults.put(WEIGHT_PREDICATE, "false");
        defaults.put("spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.route-filter-cache-enabled", "true");
        defaults.put("server.http2.enabled", "false");
        defaults.put(STOCK_ROUTING_FILTER, "false");
        if (!HubRoles.playsAny(environment, HubRole.GATEWAY)) {
            defaults.put("spring.cloud.gateway.server.webflux.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
