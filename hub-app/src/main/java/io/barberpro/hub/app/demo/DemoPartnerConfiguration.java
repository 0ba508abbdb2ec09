package io.barberpro.hub.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.registry.onboarding.OnboardingService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DemoPartnerProperties.class)
class DemoPartnerConfiguration {

    /** Absent onboarding (a node without the registry role) means no sample partner to create here. */
    @Bean
    DemoPartnerBootstrap demoPartnerBootstrap(DemoPartnerProperties properties, ObjectProvider<OnboardingService> onboarding,
                                              EdgeListeners edge, ObjectMapper objectMapper) {
        return new DemoPartnerBootstrap(properties, onboarding, edge, objectMapper, System.out);
    }
}
