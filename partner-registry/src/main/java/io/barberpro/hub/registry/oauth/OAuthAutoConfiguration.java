package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.PkiAutoConfiguration;
import io.barberpro.hub.registry.pki.PrivateKeySealer;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * OAuth2 clients, token signing keys, trusted partner IdPs, and the partner edge's token endpoint
 * and JWKS. The routes are plain WebFlux routes; {@code ListenerRoleWebFilter} keeps them off the
 * admin listener.
 */
@AutoConfiguration(after = PkiAutoConfiguration.class)
@ConditionalOnHubRole(HubRole.REGISTRY)
@EnableConfigurationProperties(OAuthProperties.class)
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

    @Bean
    TrustedIdpService trustedIdpService(JdbcTemplate jdbcTemplate, Clock clock) {
        return new TrustedIdpService(JdbcClient.create(jdbcTemplate), clock);
    }

    @Bean
    TokenSigningKeys tokenSigningKeys(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
                                      PrivateKeySealer sealer, OAuthProperties properties, Clock clock) {
        JdbcSigningKeyStore store = new JdbcSigningKeyStore(JdbcClient.create(jdbcTemplate),
                new TransactionTemplate(transactionManager), sealer);
        return new TokenSigningKeys(store, properties, clock);
    }

    @Bean
    RouterFunction<ServerResponse> oauthRoutes(TokenSigningKeys keys, JdbcOAuthClientRepository clients,
                                               ClientCertificateService certificates, OAuthProperties properties,
                                               Clock clock) {
        TokenEndpoint token = new TokenEndpoint(new ClientAuthenticator(clients, certificates, clock),
                new AccessTokenIssuer(keys, properties, clock));
        JwksEndpoint jwks = new JwksEndpoint(keys, properties.jwksMaxAge());
        return RouterFunctions.route()
                .POST(TokenEndpoint.PATH, token::token)
                .GET(JwksEndpoint.PATH, jwks::jwks)
                .build();
    }
}
