package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.registry.pki.PkiAutoConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** OAuth2 clients, token signing keys, the token endpoint and the JWKS of the partner edge. */
@AutoConfiguration(after = PkiAutoConfiguration.class)
@ConditionalOnHubRole(HubRole.REGISTRY)
public class OAuthAutoConfiguration {

    @Bean
    JdbcOAuthClientRepository jdbcOAuthClientRepository(JdbcTemplate jdbcTemplate) {
        return new JdbcOAuthClientRepository(JdbcClient.create(jdbcTemplate));
    }

    @Bean
    OAuthClientService oauthClientService(JdbcOAuthClientRepository repository, JdbcTemplate jdbcTemplate,
                                          ApplicationEventPublisher events, Clock clock) {
        return new OAuthClientService(repository, JdbcClient.create(jdbcTemplate), events, clock);
    }
}
