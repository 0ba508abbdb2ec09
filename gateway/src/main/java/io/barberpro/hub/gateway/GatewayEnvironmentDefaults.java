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
 * <ul>
 * <li>Spring Cloud Gateway's own request metrics filter and its per-request observations are off:
 * the hub records per-partner meters itself ({@code hub.gateway.*}), and paying twice per request
 * is the kind of default cost the hub's throughput target leaves no room for.</li>
 * <li>On a node without the gateway role Spring Cloud Gateway is off altogether: the same jar and
 * configuration (routes included) then start a webhooks- or registry-only node.</li>
 * </ul>
 */
public class GatewayEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "hubGatewayDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.cloud.gateway.server.webflux.metrics.enabled", "false");
        defaults.put("spring.cloud.gateway.server.webflux.observability.enabled", "false");
        if (!HubRoles.playsAny(environment, HubRole.GATEWAY)) {
            defaults.put("spring.cloud.gateway.server.webflux.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
