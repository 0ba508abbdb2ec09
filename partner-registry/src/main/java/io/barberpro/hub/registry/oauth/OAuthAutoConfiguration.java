package io.barberpro.hub.registry.oauth;

import static io.swagger.v3.oas.models.PathItem.HttpMethod.DELETE;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.PUT;

import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.registry.RegistryAutoConfiguration;
import io.barberpro.hub.registry.admin.AdminOpenApi;
import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.api.TrustedIdp;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.PkiAutoConfiguration;
import io.barberpro.hub.registry.pki.PrivateKeySealer;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
@AutoConfiguration(after = {PkiAutoConfiguration.class, RegistryAutoConfiguration.class})
// A gateway node authenticates from the registry's in-memory read model, TLS material and token keys,
// so the registry loads for either role (its admin API stays on the admin listener).
@ConditionalOnHubRole({HubRole.REGISTRY, HubRole.GATEWAY})
@EnableConfigurationProperties(OAuthProperties.class)
public class OAuthAutoConfiguration {

    @Bean
    JdbcOAuthClientRepository jdbcOAuthClientRepository(JdbcTemplate jdbcTemplate) {
        return new JdbcOAuthClientRepository(JdbcClient.create(jdbcTemplate));
    }

    @Bean
    OAuthClientService oauthClientService(JdbcOAuthClientRepository repository, JdbcPartnerRepository partners,
                                          ApplicationEventPublisher events, Clock clock, RegistryChanges changes) {
        return new OAuthClientService(repository, partners, events, clock, changes);
    }

    @Bean
    TrustedIdpService trustedIdpService(JdbcTemplate jdbcTemplate, Clock clock, RegistryChanges changes) {
        return new TrustedIdpService(JdbcClient.create(jdbcTemplate), clock, changes);
    }

    @Bean
    JdbcOAuthCredentialSource oauthCredentialSource(JdbcOAuthClientRepository clients, TrustedIdpService trustedIdps) {
        return new JdbcOAuthCredentialSource(clients, trustedIdps);
    }

    @Bean
    RouterFunction<ServerResponse> oauthAdminRoutes(OAuthClientService clients, TrustedIdpService trustedIdps,
                                                    TokenSigningKeys signingKeys, JdbcPartnerRepository partners,
                                                    JdbcAuditLog audit, RegistryChanges changes,
                                                    AdminRequests requests) {
        return new OAuthAdminHandler(clients, trustedIdps, signingKeys, partners, audit, changes, requests).routes();
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

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class OAuthOpenApiConfiguration {

        @Bean
        AdminOpenApi oauthAdminOpenApi() {
            String clients = "/admin/v1/partners/{id}/oauth-clients";
            String idp = "/admin/v1/partners/{id}/trusted-idp";
            return new AdminOpenApi()
                    .path(clients, POST, "Create an OAuth2 client (secret returned once)", NewOAuthClientRequest.class,
                            201, CreatedOAuthClient.class)
                    .path(clients, GET, "List OAuth2 clients (never the secret)", null, 200, null)
                    .path(clients + "/{clientId}", DELETE, "Revoke an OAuth2 client", null, 204, null)
                    .path(idp, PUT, "Trust the partner's own IdP", TrustedIdpRequest.class, 200, TrustedIdp.class)
                    .path(idp, GET, "The partner's trusted IdP", null, 200, TrustedIdp.class)
                    .path(idp, DELETE, "Stop trusting the partner's IdP", null, 204, null)
                    .path("/admin/v1/signing-keys", GET, "Active and published token signing key ids", null, 200, null)
                    .path("/admin/v1/signing-keys/rotate", POST, "Rotate the token signing key (old key stays"
                            + " published for hub.oauth.key-overlap)", null, 200, null);
        }
    }
}
