package io.barberpro.hub.gateway.route;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Takes the place of Spring Cloud Gateway's own handler mapping ({@link InOrderRouteLookup}), hence runs before it. */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnHubRole(HubRole.GATEWAY)
@ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
public class RouteLookupAutoConfiguration {

    @Bean
    RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
                                                              GlobalCorsProperties globalCorsProperties,
                                                              Environment environment) {
        return new InOrderRouteLookup(webHandler, routeLocator, globalCorsProperties, environment);
    }
}
