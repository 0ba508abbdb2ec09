package io.barberpro.hub.registry.pki;

import static io.swagger.v3.oas.models.PathItem.HttpMethod.DELETE;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.PUT;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.registry.RegistryAutoConfiguration;
import io.barberpro.hub.registry.admin.AdminOpenApi;
import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The hub CA, partner client certificates and the edge's TLS identity. The CA is loaded (or created)
 * from PostgreSQL at start-up, so the edge listener and onboarding never wait for it. Beans take the
 * JdbcTemplate rather than the DataSource so Boot runs Flyway's migrations before the first query.
 */
@AutoConfiguration(after = {FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, RegistryAutoConfiguration.class})
// A gateway node authenticates from the registry's in-memory read model, TLS material and token keys,
// so the registry loads for either role (its admin API stays on the admin listener).
@ConditionalOnHubRole({HubRole.REGISTRY, HubRole.GATEWAY})
@EnableConfigurationProperties(PkiProperties.class)
public class PkiAutoConfiguration {

    @Bean
    PrivateKeySealer privateKeySealer(PkiProperties properties) {
        SecureRandom random = new SecureRandom();
        return new PrivateKeySealer(MasterKey.load(properties, random), random);
    }

    @Bean
    HubCertificateAuthority hubCertificateAuthority(JdbcTemplate jdbcTemplate, PrivateKeySealer sealer,
                                                    PkiProperties properties, Clock clock) {
        return new JdbcHubCaStore(JdbcClient.create(jdbcTemplate), sealer, new SecureRandom())
                .loadOrCreate(properties, clock);
    }

    @Bean
    JdbcClientCertificateRepository jdbcClientCertificateRepository(JdbcTemplate jdbcTemplate) {
        return new JdbcClientCertificateRepository(JdbcClient.create(jdbcTemplate));
    }

    @Bean
    ClientCertificateService clientCertificateService(HubCertificateAuthority ca,
                                                      JdbcClientCertificateRepository repository,
                                                      JdbcTemplate jdbcTemplate, ApplicationEventPublisher events,
                                                      Clock clock, PkiProperties properties,
                                                      RegistryChanges changes) {
        return new ClientCertificateService(ca, repository, JdbcClient.create(jdbcTemplate), events, clock, properties,
                new SecureRandom(), changes);
    }

    @Bean
    JdbcClientCertificateCredentialSource clientCertificateCredentialSource(JdbcClientCertificateRepository repository) {
        return new JdbcClientCertificateCredentialSource(repository);
    }

    @Bean
    RouterFunction<ServerResponse> certificateAdminRoutes(ClientCertificateService certificates,
                                                          JdbcPartnerRepository partners, JdbcAuditLog audit,
                                                          RegistryChanges changes, AdminRequests requests) {
        return new CertificateAdminHandler(certificates, partners, audit, changes, requests).routes();
    }

    @Bean
    JdbcPartnerClientCaRepository jdbcPartnerClientCaRepository(JdbcTemplate jdbcTemplate) {
        return new JdbcPartnerClientCaRepository(JdbcClient.create(jdbcTemplate));
    }

    @Bean
    PartnerClientCaService partnerClientCaService(JdbcPartnerClientCaRepository repository,
                                                  JdbcPartnerRepository partners, Clock clock, RegistryChanges changes) {
        return new PartnerClientCaService(repository, partners, clock, changes);
    }

    @Bean
    JdbcPartnerClientCaCredentialSource partnerClientCaCredentialSource(JdbcPartnerClientCaRepository repository) {
        return new JdbcPartnerClientCaCredentialSource(repository);
    }

    @Bean
    RouterFunction<ServerResponse> partnerClientCaAdminRoutes(PartnerClientCaService cas,
                                                              JdbcPartnerRepository partners, JdbcAuditLog audit,
                                                              RegistryChanges changes, AdminRequests requests,
                                                              PkiProperties properties) {
        return new PartnerClientCaAdminHandler(cas, partners, audit, changes, requests, properties.maxCrlSize(),
                crlDownloader(properties)).routes();
    }

    /** One fetch per list for the whole cluster is enough: only registry nodes fetch. */
    @Bean
    @ConditionalOnHubRole(HubRole.REGISTRY)
    PartnerCrlFetcher partnerCrlFetcher(PartnerClientCaService cas, JdbcAuditLog audit,
                                        PlatformTransactionManager transactionManager,
                                        ObjectProvider<MeterRegistry> meters, PkiProperties properties) {
        return new PartnerCrlFetcher(cas, crlDownloader(properties), audit, transactionManager,
                meters.getIfAvailable(SimpleMeterRegistry::new), properties.crlFetchInterval(),
                properties.crlFetchRetry());
    }

    static CrlDownloader crlDownloader(PkiProperties properties) {
        return new CrlDownloader(properties.crlFetchTimeout(), properties.maxCrlSize());
    }

    @Bean
    @ConditionalOnMissingBean(EdgeTlsMaterial.class)
    EdgeTlsMaterial hubEdgeTlsMaterial(HubCertificateAuthority ca, JdbcTemplate jdbcTemplate, PrivateKeySealer sealer,
                                       PkiProperties properties, Clock clock) {
        if (properties.serverKeystore() != null) {
            return HubEdgeTlsMaterial.fromKeystore(properties.serverKeystore(), properties.serverKeystorePassword(), ca);
        }
        return new JdbcServerCertificateStore(JdbcClient.create(jdbcTemplate), sealer, new SecureRandom())
                .loadOrIssue(ca, JdbcServerCertificateStore.serverNames(properties.serverNames()),
                        properties.serverCertificateValidity(), clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class PkiOpenApiConfiguration {

        @Bean
        AdminOpenApi pkiAdminOpenApi() {
            String certificates = "/admin/v1/partners/{id}/certificates";
            return new AdminOpenApi()
                    .path(certificates, POST, "Issue a client certificate: from csrPem, or with a generated key"
                            + " returned once as PKCS#12 (body optional)", NewCertificateRequest.class, 201,
                            IssuedCertificate.class)
                    .path(certificates, GET, "List the partner's client certificates", null, 200, null)
                    .path(certificates + "/{certificateId}", DELETE, "Revoke a client certificate", null, 204, null,
                            "reason")
                    .path("/admin/v1/pki/ca", GET, "The hub CA certificate (PEM) and its SHA-256 fingerprint", null,
                            200, null);
        }

        @Bean
        AdminOpenApi partnerClientCaAdminOpenApi() {
            String cas = "/admin/v1/partners/{id}/client-cas";
            return new AdminOpenApi()
                    .path(cas, POST, "Register a partner's own client-certificate CA (PEM; cA=true, keyCertSign,"
                            + " currently valid): its leaves authenticate as the partner", NewClientCaRequest.class,
                            201, PartnerClientCaRecord.class)
                    .path(cas, GET, "List the partner's client-certificate CAs", null, 200, null)
                    .path(cas + "/{caId}", DELETE, "Remove a client-certificate CA; its leaves stop authenticating",
                            null, 204, null)
                    .path(cas + "/{caId}/crl", PUT, "Publish the CA's certificate revocation list (body: the CRL as"
                            + " application/pkix-crl, DER or PEM; complete CRLs signed by the CA, current, not older"
                            + " than the published one): the edge refuses the certificates it lists", null, 200,
                            ClientCaCrlRecord.class)
                    .path(cas + "/{caId}/crl", GET, "Show the CA's published revocation list", null, 200,
                            ClientCaCrlRecord.class)
                    .path(cas + "/{caId}/crl", DELETE, "Withdraw the CA's revocation list", null, 204, null)
                    .binaryRequestBody(cas + "/{caId}/crl", PUT, PartnerClientCaAdminHandler.PKIX_CRL.toString())
                    .path(cas + "/{caId}/crl-source", PUT, "Have the hub fetch the CA's CRL from its distribution point"
                            + " (http or https) now and every hub.pki.crl-fetch-interval; the first fetch must give a"
                            + " list that can be published", NewCrlSourceRequest.class, 200, PartnerClientCaRecord.class)
                    .path(cas + "/{caId}/crl-source", DELETE, "Stop fetching the CA's CRL; the last list stays in force",
                            null, 204, null);
        }
    }
}
