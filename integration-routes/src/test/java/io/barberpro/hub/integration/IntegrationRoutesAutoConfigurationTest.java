package io.barberpro.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IntegrationRoutesAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationRoutesAutoConfiguration.class));

    @Test
    void contributesTheBookingRoutesOnIntegrationNodes() {
        runner.withPropertyValues("hub.roles=gateway,integration")
                .run(context -> assertThat(context).hasSingleBean(RouteBuilder.class)
                        .getBean(IntegrationProperties.class)
                        .satisfies(p -> assertThat(p.bookingApi().baseUrl()).hasToString("http://127.0.0.1:8089")));
    }

    @Test
    void staysOffOnNodesWithoutTheIntegrationRole() {
        runner.withPropertyValues("hub.roles=gateway,registry")
                .run(context -> assertThat(context).doesNotHaveBean(RouteBuilder.class));
    }
}
