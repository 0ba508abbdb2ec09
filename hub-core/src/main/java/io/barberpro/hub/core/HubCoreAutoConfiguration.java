package io.barberpro.hub.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.core.listener.ListenerProperties;
import io.barberpro.hub.core.listener.ListenerRoleWebFilter;
import io.barberpro.hub.core.web.ProblemWebExceptionHandler;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIdWebFilter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.HttpHandler;

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
    RequestIdWebFilter requestIdWebFilter() {
        return new RequestIdWebFilter();
    }

    @Bean
    EdgeListeners edgeListeners(ListenerProperties properties, ObjectProvider<HttpHandler> httpHandler,
                                ObjectProvider<EdgeTlsMaterial> tlsMaterial) {
        return new EdgeListeners(properties, httpHandler, tlsMaterial);
    }

    @Bean
    ListenerRoleWebFilter listenerRoleWebFilter(ListenerProperties properties, EdgeListeners edgeListeners,
                                                ProblemWriter problemWriter) {
        return new ListenerRoleWebFilter(properties, edgeListeners, problemWriter);
    }
}
