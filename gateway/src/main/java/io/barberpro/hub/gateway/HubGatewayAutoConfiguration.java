package io.barberpro.hub.gateway;

import io.barberpro.hub.core.HubCoreAutoConfiguration;
import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.gateway.authn.AuthenticationConfiguration;
import io.barberpro.hub.gateway.hygiene.HygieneConfiguration;
import io.barberpro.hub.gateway.observe.ObservabilityConfiguration;
import io.barberpro.hub.gateway.protect.ProtectionConfiguration;
import io.barberpro.hub.gateway.ratelimit.RateLimitConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The hub's gateway on top of Spring Cloud Gateway. Every request on the partner edge is measured and logged by a
 * web filter, {@link io.barberpro.hub.gateway.observe.AccessLogWebFilter}, routed or not. Global filters, in order:
 * authentication chain ({@code -400}: mTLS → JWT → API key) →
 * rate limit ({@code -300}) → header hygiene ({@code -200}) → body size ({@code -100}) → route filters
 * (e.g. {@code NotImplemented}) → Spring Cloud Gateway's routing. Routes are configuration
 * ({@code spring.cloud.gateway.server.webflux.routes}); see {@link RouteSettings} for the hub's route metadata.
 * A request's route is found by {@link io.barberpro.hub.gateway.route.InOrderRouteLookup}.
 */
@AutoConfiguration(after = {HubCoreAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnHubRole(HubRole.GATEWAY)
@EnableConfigurationProperties(HubGatewayProperties.class)
@Import({AuthenticationConfiguration.class, RateLimitConfiguration.class, HygieneConfiguration.class,
        ProtectionConfiguration.class, ObservabilityConfiguration.class})
public class HubGatewayAutoConfiguration {

    @Bean
    RouteSettings.Cache hubRouteSettings(HubGatewayProperties properties) {
        return new RouteSettings.Cache(properties.maxBodySize());
    }
}
