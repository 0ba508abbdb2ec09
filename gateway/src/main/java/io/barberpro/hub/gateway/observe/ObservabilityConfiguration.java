package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-partner metrics and the access log. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    GatewayMetrics hubGatewayMetrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean
    AccessLogFilter hubAccessLogFilter(GatewayMetrics metrics, HubGatewayProperties properties) {
        return new AccessLogFilter(metrics, properties.accessLog());
    }
}
