package io.barberpro.hub.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.registry.apikey.ApiKeyService;
import io.barberpro.hub.registry.onboarding.OnboardingService;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.PartnerService;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Import into any module's test application to get a {@link MutableClock} as the hub's clock and
 * {@link RegistryFixtures}. Needs the registry role on (the default).
 */
@TestConfiguration(proxyBeanMethods = false)
public class RegistryTestConfiguration {

    @Bean
    MutableClock clock() {
        return MutableClock.startingNow();
    }

    @Bean
    RegistryFixtures registryFixtures(PartnerService partners, ApiKeyService apiKeys, RegistryChanges changes,
                                      OnboardingService onboarding, ObjectMapper objectMapper) {
        return new RegistryFixtures(partners, apiKeys, changes, onboarding, objectMapper);
    }
}
