package io.barberpro.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.templates.api.TemplateSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class WhiteLabelTemplatesAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WhiteLabelTemplatesAutoConfiguration.class));

    @Test
    void offersTheClassicTemplatesOnPortalNodes() {
        runner.withPropertyValues("hub.roles=portal")
                .run(context -> assertThat(context.getBean(TemplateSet.class).id()).isEqualTo("classic"));
    }

    @Test
    void staysOffOnNodesWithoutThePortalRole() {
        runner.withPropertyValues("hub.roles=gateway")
                .run(context -> assertThat(context).doesNotHaveBean(TemplateSet.class));
    }
}
