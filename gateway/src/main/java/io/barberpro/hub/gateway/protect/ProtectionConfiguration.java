package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.RouteSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Body limits, placeholder routes and upstream failures as problem+json. */
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
    UpstreamErrorHandler hubUpstreamErrorHandler(ProblemWriter problems) {
        return new UpstreamErrorHandler(problems);
    }
}
