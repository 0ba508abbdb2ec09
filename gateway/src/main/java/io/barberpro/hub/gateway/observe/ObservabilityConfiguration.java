package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-partner metrics and the access log. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    GatewayMetrics hubGatewayMetrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "hub.gateway.access-log.enabled", havingValue = "true", matchIfMissing = true)
    AccessLogWriter hubAccessLogWriter(HubGatewayProperties properties, MeterRegistry meters) {
        HubGatewayProperties.AccessLog settings = properties.accessLog();
        return new AccessLogWriter(settings.queueCapacity(), settings.flushInterval(),
                AccessLogOutput.of(settings.output()), meters);
    }

    @Bean
    AccessLogWebFilter hubAccessLogWebFilter(GatewayMetrics metrics, ObjectProvider<AccessLogWriter> accessLog,
                                             Clock clock) {
        return new AccessLogWebFilter(metrics, accessLog.getIfAvailable(), clock);
    }
}
