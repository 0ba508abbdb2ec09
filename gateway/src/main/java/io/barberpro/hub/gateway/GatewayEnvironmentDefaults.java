package io.barberpro.hub.gateway;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults the hub gives Spring Cloud Gateway, at the lowest precedence so any configuration wins.
 * Spring Cloud Gateway's own request metrics filter (and the observation it opens per request) is
 * off: the hub records per-partner meters itself ({@code hub.gateway.*}), and paying twice per
 * request is the kind of default cost the hub's throughput target leaves no room for.
 */
public class GatewayEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "hubGatewayDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "spring.cloud.gateway.server.webflux.metrics.enabled", "false")));
    }
}
