package io.barberpro.hub.gateway.hygiene;

import io.barberpro.hub.gateway.HubGatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Header hygiene between the partner and the upstream. */
@Configuration(proxyBeanMethods = false)
public class HygieneConfiguration {

    @Bean
    HeaderHygieneFilter hubHeaderHygieneFilter(HubGatewayProperties properties) {
        return new HeaderHygieneFilter(new TrustedProxies(properties.trustedProxies()));
    }

    @Bean
    HeaderHygieneFilter.UpstreamHeaders hubUpstreamHeaders(HeaderHygieneFilter hygiene) {
        return new HeaderHygieneFilter.UpstreamHeaders(hygiene);
    }
}
