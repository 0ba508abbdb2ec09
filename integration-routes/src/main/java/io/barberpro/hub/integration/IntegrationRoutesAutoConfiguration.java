package io.barberpro.hub.integration;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.integration.rest.RestBookingApiConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Integration routes: the canonical booking model and the Camel routes that carry it to the
 * booking platform. Later doors (SOAP, GraphQL, EDI) call the same routes.
 */
@AutoConfiguration
@ConditionalOnHubRole(HubRole.INTEGRATION)
@EnableConfigurationProperties(IntegrationProperties.class)
@Import(RestBookingApiConfiguration.class)
public class IntegrationRoutesAutoConfiguration {
}
