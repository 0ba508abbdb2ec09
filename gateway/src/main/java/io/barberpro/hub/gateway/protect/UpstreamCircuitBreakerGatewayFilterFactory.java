package io.barberpro.hub.gateway.protect;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.validation.annotation.Validated;

/**
 * {@code UpstreamCircuitBreaker=<name>}: the route's upstream calls run under the Resilience4j circuit
 * breaker of that name, configured like any other ({@code resilience4j.circuitbreaker.instances.<name>},
 * else {@code configs.default}) and visible in its metrics. While it is open the partner gets 503
 * {@code upstream-unavailable} at once ({@link UpstreamErrorHandler}).
 * <p>
 * Chosen over Spring Cloud Gateway's {@code CircuitBreaker} filter for the hot path: that one, through
 * Spring Cloud CircuitBreaker, looks the breaker up in the registry, builds its tags and applies its
 * customizers on every request, then wraps the call in three more operators. Here the breaker is
 * resolved once per route and the call wrapped once ({@link CircuitBreakerGuard}). It has no fallback
 * URI and counts upstream errors and time-outs, not status codes; the stock filter stays available
 * for routes that need those.
 */
public final class UpstreamCircuitBreakerGatewayFilterFactory
        extends AbstractGatewayFilterFactory<UpstreamCircuitBreakerGatewayFilterFactory.Config> {

    private final CircuitBreakerRegistry registry;

    UpstreamCircuitBreakerGatewayFilterFactory(CircuitBreakerRegistry registry) {
        super(Config.class);
        this.registry = registry;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("name");
    }

    @Override
    public GatewayFilter apply(Config config) {
        CircuitBreaker breaker = registry.circuitBreaker(config.getName());
        return (exchange, chain) -> new CircuitBreakerGuard(chain.filter(exchange), breaker);
    }

    @Validated
    public static class Config {

        /** The Resilience4j circuit breaker's name; one per upstream. */
        @NotBlank
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
