package io.barberpro.hub.templates;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.templates.api.TemplateSet;
import io.barberpro.hub.templates.classic.ClassicTemplateSet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Template sets for branded partner pages, on nodes that serve the partner portal. */
@AutoConfiguration
@ConditionalOnHubRole(HubRole.PORTAL)
public class WhiteLabelTemplatesAutoConfiguration {

    @Bean
    TemplateSet classicTemplateSet() {
        return new ClassicTemplateSet();
    }
}
