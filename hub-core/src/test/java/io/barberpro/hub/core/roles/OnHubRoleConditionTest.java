package io.barberpro.hub.core.roles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OnHubRoleConditionTest {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnHubRole({HubRole.REGISTRY, HubRole.GATEWAY})
    static class ReadModelConfiguration {
        @Bean
        String readModel() {
            return "read-model";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ReadModelConfiguration.class);

    @Test
    void everyRoleIsOnWhenNoneIsNamed() {
        runner.run(context -> assertThat(context).hasBean("readModel"));
    }

    @Test
    void onWhenAnyOfItsRolesIsNamedIgnoringCaseAndSpaces() {
        runner.withPropertyValues("hub.roles= Gateway ,webhooks")
                .run(context -> assertThat(context).hasBean("readModel"));
    }

    @Test
    void offWhenNoneOfItsRolesIsNamed() {
        runner.withPropertyValues("hub.roles=webhooks,integration")
                .run(context -> assertThat(context).doesNotHaveBean("readModel"));
    }
}
