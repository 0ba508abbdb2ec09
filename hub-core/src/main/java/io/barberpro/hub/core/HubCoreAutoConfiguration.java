package io.barberpro.hub.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.listener.AdminListenerOnly;
import io.barberpro.hub.core.listener.AdminListenerRefusalLog;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.core.listener.ListenerProperties;
import io.barberpro.hub.core.listener.ListenerRefusalLog;
import io.barberpro.hub.core.listener.ListenerRoleWebFilter;
import io.barberpro.hub.core.listener.RegisteredClientCas;
import io.barberpro.hub.core.web.ProblemWebExceptionHandler;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIdAndDateWebFilter;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/** Shared plumbing every hub module relies on: the clock, problem+json, request ids, listeners. */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@EnableConfigurationProperties(ListenerProperties.class)
public class HubCoreAutoConfiguration {

    /** The one source of time; tests replace it to run hours of retries and rate windows in milliseconds. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter problemWriter(ObjectMapper objectMapper) {
        return new ProblemWriter(objectMapper);
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(ProblemWriter problemWriter) {
        return new ProblemWebExceptionHandler(problemWriter);
    }

    @Bean
    RequestIdAndDateWebFilter requestIdAndDateWebFilter(Clock clock) {
        return new RequestIdAndDateWebFilter(clock);
    }

    @Bean
    EdgeListeners edgeListeners(ListenerProperties properties, ApplicationContext context,
                                ObjectProvider<EdgeTlsMaterial> tlsMaterial,
                                ObjectProvider<RegisteredClientCas> registeredCas,
                                ObjectProvider<ListenerRefusalLog> refusalLog, Clock clock) {
        return new EdgeListeners(properties, () -> edgeHttpHandler(context), tlsMaterial, registeredCas, refusalLog,
                clock);
    }

    /**
     * The admin listener (Boot's server) gets the edge's read deadlines, with its own values, its problem answers
     * to requests that cannot be decoded, and, as it serves JDBC-backed answers off the event loop, the
     * keep-alive read resumer too. What it refuses below the web handler is logged at INFO, off the event loop.
     */
    @Bean
    NettyServerCustomizer adminListenerHttp11Guards(ListenerProperties properties, Clock clock) {
        ListenerProperties.Admin admin = properties.admin();
        ListenerRefusalLog refusals = AdminListenerRefusalLog.onItsOwnThread();
        return server -> EdgeListeners.withHttp11Guards(server, admin.requestHeaderTimeout(), admin.bodyReadTimeout(),
                admin.idleTimeout(), refusals, clock);
    }

    /**
     * The partner edge's handler: the application's web handler, web filters and exception handlers,
     * like the admin listener's, but without Spring's {@code http.server.requests} observation and without
     * the filters that act only on admin paths ({@link AdminListenerOnly}). On the edge every request is
     * already measured per partner by the gateway ({@code hub.gateway.*}), and the observation (context,
     * URI-template tags, timer lookup) costs about 5% of a proxied request.
     */
    static HttpHandler edgeHttpHandler(ApplicationContext context) {
        return WebHttpHandlerBuilder.applicationContext(context)
                .filters(filters -> filters.removeIf(AdminListenerOnly.class::isInstance))
                .observationRegistry(ObservationRegistry.NOOP)
                .build();
    }

    @Bean
    ListenerRoleWebFilter listenerRoleWebFilter(ListenerProperties properties, EdgeListeners edgeListeners,
                                                ProblemWriter problemWriter) {
        return new ListenerRoleWebFilter(properties, edgeListeners, problemWriter);
    }
}
