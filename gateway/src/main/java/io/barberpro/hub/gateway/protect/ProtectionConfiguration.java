package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.GatewayEnvironmentDefaults;
import io.barberpro.hub.gateway.RouteSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
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
     * The stock routing filter's partner: it streams the upstream's response body to the partner.
     * Spring Cloud Gateway creates it only along with its own routing filter, so it comes back here,
     * configured as Spring Cloud Gateway would.
     */
    @Bean
    @ConditionalOnProperty(name = GatewayEnvironmentDefaults.STOCK_ROUTING_FILTER, havingValue = "false")
    NettyWriteResponseFilter hubNettyWriteResponseFilter(GatewayProperties gateway) {
        return new NettyWriteResponseFilter(gateway.getStreamingMediaTypes());
    }

    @Bean
    UpstreamErrorHandler hubUpstreamErrorHandler(ProblemWriter problems) {
        return new UpstreamErrorHandler(problems);
    }
}
