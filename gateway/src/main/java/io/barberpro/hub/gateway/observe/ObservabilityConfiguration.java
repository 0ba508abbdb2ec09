package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-partner metrics and the access log. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** The logger the access log lines go to; {@code logback-spring.xml} gives it its own appender. */
    public static final String ACCESS_LOGGER = "io.barberpro.hub.gateway.access";

    @Bean
    GatewayMetrics hubGatewayMetrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "hub.gateway.access-log.enabled", havingValue = "true", matchIfMissing = true)
    AccessLogWriter hubAccessLogWriter(HubGatewayProperties properties, MeterRegistry meters) {
        HubGatewayProperties.AccessLog settings = properties.accessLog();
        return new AccessLogWriter(settings.queueCapacity(), settings.flushInterval(),
                LoggerFactory.getLogger(ACCESS_LOGGER), meters);
    }

    @Bean
    AccessLogFilter hubAccessLogFilter(GatewayMetrics metrics, ObjectProvider<AccessLogWriter> accessLog, Clock clock) {
        return new AccessLogFilter(metrics, accessLog.getIfAvailable(), clock);
    }
}
