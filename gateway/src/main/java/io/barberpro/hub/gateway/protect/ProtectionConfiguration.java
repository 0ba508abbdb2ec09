package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.GatewayEnvironmentDefaults;
import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.RouteSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * Body limits, placeholder routes, upstream routing with its time limits and circuit breakers, and
 * upstream failures as problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class ProtectionConfiguration {

    @Bean
    BodySizeLimitFilter hubBodySizeLimitFilter(RouteSettings.Cache routes, ProblemWriter problems) {
        return new BodySizeLimitFilter(routes, problems);
    }

    @Bean
    NotImplementedGatewayFilterFactory notImplementedGatewayFilterFactory(ProblemWriter problems) {
        return new NotImplementedGatewayFilterFactory(problems);
    }

    @Bean
    UpstreamCircuitBreakerGatewayFilterFactory upstreamCircuitBreakerGatewayFilterFactory(CircuitBreakerRegistry registry) {
        return new UpstreamCircuitBreakerGatewayFilterFactory(registry);
    }

    /**
     * Stands in for Spring Cloud Gateway's routing filter, which {@code GatewayEnvironmentDefaults}
     * switches off; a deployment switching that one back on gets it instead, never both.
     */
    @Bean
    @ConditionalOnProperty(name = GatewayEnvironmentDefaults.STOCK_ROUTING_FILTER, havingValue = "false")
    UpstreamRoutingFilter hubUpstreamRoutingFilter(HttpClient httpClient,
                                                   ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                                                   HttpClientProperties properties) {
        return new UpstreamRoutingFilter(httpClient, headersFilters, properties);
    }

    /**
     * The routing filter's partner, which sends the upstream's response to the partner. Spring Cloud Gateway
     * creates its own only along with its own routing filter.
     */
    @Bean
    @ConditionalOnProperty(name = GatewayEnvironmentDefaults.STOCK_ROUTING_FILTER, havingValue = "false")
    UpstreamResponseWriter hubUpstreamResponseWriter(GatewayProperties gateway, HubGatewayProperties properties) {
        return new UpstreamResponseWriter(gateway.getStreamingMediaTypes(), properties.responseBufferSize());
    }

    @Bean
    UpstreamErrorHandler hubUpstreamErrorHandler(ProblemWriter problems) {
        return new UpstreamErrorHandler(problems);
    }
}
