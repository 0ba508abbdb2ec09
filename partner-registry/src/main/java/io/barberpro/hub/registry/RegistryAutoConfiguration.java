package io.barberpro.hub.registry;

import static io.swagger.v3.oas.models.PathItem.HttpMethod.DELETE;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.PATCH;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
import static io.swagger.v3.oas.models.PathItem.HttpMethod.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.HubCoreAutoConfiguration;
import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.registry.admin.AdminAuthenticationFilter;
import io.barberpro.hub.registry.admin.AdminOpenApi;
import io.barberpro.hub.registry.admin.AdminProperties;
import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.admin.AdminToken;
import io.barberpro.hub.registry.admin.Page;
import io.barberpro.hub.registry.apikey.ApiKeyFormat;
import io.barberpro.hub.registry.apikey.ApiKeyHandler;
import io.barberpro.hub.registry.apikey.ApiKeyService;
import io.barberpro.hub.registry.apikey.CreatedApiKey;
import io.barberpro.hub.registry.apikey.JdbcApiKeyCredentialSource;
import io.barberpro.hub.registry.apikey.JdbcApiKeyRepository;
import io.barberpro.hub.registry.apikey.NewApiKey;
import io.barberpro.hub.registry.audit.AuditEntry;
import io.barberpro.hub.registry.audit.AuditHandler;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.CredentialIndexRefresher;
import io.barberpro.hub.registry.lookup.CredentialSource;
import io.barberpro.hub.registry.lookup.InMemoryCredentialLookup;
import io.barberpro.hub.registry.lookup.IndexedRegisteredClientCas;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.oauth.OAuthClientService;
import io.barberpro.hub.registry.onboarding.JdbcIdempotencyStore;
import io.barberpro.hub.registry.onboarding.OnboardingHandler;
import io.barberpro.hub.registry.onboarding.OnboardingRequest;
import io.barberpro.hub.registry.onboarding.OnboardingResponse;
import io.barberpro.hub.registry.onboarding.OnboardingService;
import io.barberpro.hub.registry.onboarding.PkiCredentialRevokers;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.onboarding.WebhookEndpointRevoker;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.registry.partner.AuthPolicyRequest;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import io.barberpro.hub.registry.partner.JdbcPartnerSnapshotSource;
import io.barberpro.hub.registry.partner.NewPartner;
import io.barberpro.hub.registry.partner.Partner;
import io.barberpro.hub.registry.partner.PartnerChanges;
import io.barberpro.hub.registry.partner.PartnerCredentialRevoker;
import io.barberpro.hub.registry.partner.PartnerHandler;
import io.barberpro.hub.registry.partner.PartnerService;
import io.barberpro.hub.registry.partner.RateLimitOverride;
import io.barberpro.hub.registry.partner.TransitionRequest;
import io.barberpro.hub.registry.plan.CreatePlanRequest;
import io.barberpro.hub.registry.plan.JdbcPlanRepository;
import io.barberpro.hub.registry.plan.Plan;
import io.barberpro.hub.registry.plan.PlanHandler;
import io.barberpro.hub.registry.plan.PlanService;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The partner registry: partners, plans, API keys, audit log, the admin API ({@code /admin/v1/**}
 * on the admin listener) and the in-memory {@code CredentialLookup} the gateway uses.
 */
@AutoConfiguration(after = {HubCoreAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class})
// A gateway node authenticates from the registry's in-memory read model, TLS material and token keys,
// so the registry loads for either role (its admin API stays on the admin listener).
@ConditionalOnHubRole({HubRole.REGISTRY, HubRole.GATEWAY})
@EnableConfigurationProperties({RegistryProperties.class, AdminProperties.class})
public class RegistryAutoConfiguration {

    private final SecureRandom random = new SecureRandom();

    // ---- lookup: the in-memory index and how it follows the database

    @Bean
    InMemoryCredentialLookup credentialLookup(Clock clock) {
        return new InMemoryCredentialLookup(clock);
    }

    @Bean
    IndexedRegisteredClientCas registeredClientCas(InMemoryCredentialLookup credentialLookup) {
        return new IndexedRegisteredClientCas(credentialLookup);
    }

    @Bean
    CredentialIndexRefresher credentialIndexRefresher(JdbcClient jdbc, PlatformTransactionManager transactionManager,
                                                      ObjectProvider<CredentialSource> sources,
                                                      InMemoryCredentialLookup lookup, RegistryProperties properties) {
        return new CredentialIndexRefresher(jdbc, transactionManager, sources, lookup, properties.refreshInterval());
    }

    @Bean
    RegistryChanges registryChanges(PlatformTransactionManager transactionManager, JdbcClient jdbc, Clock clock,
                                    CredentialIndexRefresher refresher) {
        return new RegistryChanges(new TransactionTemplate(transactionManager), jdbc, clock, refresher);
    }

    @Bean
    JdbcPartnerSnapshotSource partnerSnapshotSource(JdbcClient jdbc) {
        return new JdbcPartnerSnapshotSource(jdbc);
    }

    @Bean
    JdbcApiKeyCredentialSource apiKeyCredentialSource(JdbcClient jdbc) {
        return new JdbcApiKeyCredentialSource(jdbc);
    }

    // ---- domain

    @Bean
    JdbcAuditLog auditLog(JdbcClient jdbc, ObjectMapper objectMapper, Clock clock) {
        return new JdbcAuditLog(jdbc, objectMapper, clock);
    }

    @Bean
    JdbcPlanRepository planRepository(JdbcClient jdbc) {
        return new JdbcPlanRepository(jdbc);
    }

    @Bean
    PlanService planService(JdbcPlanRepository plans, JdbcAuditLog audit, RegistryChanges changes, Clock clock) {
        return new PlanService(plans, audit, changes, clock);
    }

    @Bean
    JdbcPartnerRepository partnerRepository(JdbcClient jdbc) {
        return new JdbcPartnerRepository(jdbc);
    }

    @Bean
    PartnerService partnerService(JdbcPartnerRepository partners, JdbcPlanRepository plans, JdbcAuditLog audit,
                                  RegistryChanges changes, ApplicationEventPublisher events,
                                  ObjectProvider<PartnerCredentialRevoker> revokers, Clock clock) {
        return new PartnerService(partners, plans, audit, changes, events, revokers, clock);
    }

    @Bean
    JdbcApiKeyRepository apiKeyRepository(JdbcClient jdbc) {
        return new JdbcApiKeyRepository(jdbc);
    }

    @Bean
    ApiKeyService apiKeyService(JdbcApiKeyRepository keys, JdbcPartnerRepository partners, JdbcAuditLog audit,
                                RegistryChanges changes, ApplicationEventPublisher events, Clock clock) {
        return new ApiKeyService(keys, partners, new ApiKeyFormat(random), audit, changes, events, clock);
    }

    // ---- onboarding and offboarding

    @Bean
    WebhookEndpointRevoker webhookEndpointRevoker(ObjectProvider<WebhookEndpointProvisioner> provisioner) {
        return new WebhookEndpointRevoker(provisioner);
    }

    @Bean
    JdbcIdempotencyStore idempotencyStore(JdbcClient jdbc) {
        return new JdbcIdempotencyStore(jdbc, random);
    }

    @Bean
    PartnerCredentialRevoker oauthClientRevoker(ObjectProvider<OAuthClientService> clients) {
        return PkiCredentialRevokers.oauthClients(clients);
    }

    @Bean
    PartnerCredentialRevoker clientCertificateRevoker(ObjectProvider<ClientCertificateService> certificates) {
        return PkiCredentialRevokers.clientCertificates(certificates);
    }

    @Bean
    OnboardingService onboardingService(PartnerService partners, ApiKeyService apiKeys,
                                        ObjectProvider<OAuthClientService> oauthClients,
                                        ObjectProvider<ClientCertificateService> certificates,
                                        ObjectProvider<WebhookEndpointProvisioner> webhooks,
                                        JdbcIdempotencyStore idempotency, JdbcAuditLog audit, RegistryChanges changes,
                                        ApplicationEventPublisher events, ObjectMapper objectMapper,
                                        RegistryProperties properties, Clock clock) {
        return new OnboardingService(partners, apiKeys, oauthClients, certificates, webhooks, idempotency, audit,
                changes, events, objectMapper, properties.onboarding(), clock);
    }

    // ---- admin API

    @Bean
    AdminAuthenticationFilter adminAuthenticationFilter(AdminProperties properties, ProblemWriter problems) {
        return new AdminAuthenticationFilter(AdminToken.load(properties, random), properties.principal(), problems);
    }

    @Bean
    AdminRequests adminRequests(ObjectMapper objectMapper) {
        return new AdminRequests(objectMapper);
    }

    @Bean
    RouterFunction<ServerResponse> registryAdminRoutes(PartnerService partners, PlanService plans, ApiKeyService keys,
                                                       JdbcAuditLog audit, OnboardingService onboarding,
                                                       AdminRequests requests) {
        return new OnboardingHandler(onboarding, requests).routes()
                .and(new PartnerHandler(partners, requests).routes())
                .and(new PlanHandler(plans, requests).routes())
                .and(new ApiKeyHandler(keys, requests).routes())
                .and(new AuditHandler(audit).routes());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class RegistryOpenApiConfiguration {

        @Bean
        AdminOpenApi registryAdminOpenApi() {
            String partner = "/admin/v1/partners/{id}";
            return new AdminOpenApi()
                    .path("/admin/v1/onboarding", POST, "Onboard a partner: an active partner with all its credentials, "
                            + "in one transaction (Idempotency-Key header supported)", OnboardingRequest.class, 201,
                            OnboardingResponse.class)
                    .path("/admin/v1/partners", POST, "Create a pending partner", NewPartner.class, 201, Partner.class)
                    .path("/admin/v1/partners", GET, "List partners, oldest first", null, 200, Page.class, "limit", "cursor")
                    .path(partner, GET, "Get a partner", null, 200, Partner.class)
                    .path(partner, PATCH, "Change a partner's legal name, country, contact e-mail or plan",
                            PartnerChanges.class, 200, Partner.class)
                    .path(partner, DELETE, "Offboard a partner and revoke all its credentials", null, 200, Partner.class,
                            "reason")
                    .path(partner + "/activate", POST, "Activate a pending partner", TransitionRequest.class, 200, Partner.class)
                    .path(partner + "/suspend", POST, "Suspend an active partner (reason required)",
                            TransitionRequest.class, 200, Partner.class)
                    .path(partner + "/reactivate", POST, "Reactivate a suspended partner", TransitionRequest.class, 200,
                            Partner.class)
                    .path(partner + "/transitions", GET, "The partner's lifecycle history", null, 200, null)
                    .path(partner + "/rate-limit", PUT, "Set a per-partner rate limit over the plan",
                            RateLimitOverride.class, 200, Partner.class)
                    .path(partner + "/rate-limit", DELETE, "Remove the per-partner rate limit", null, 200, Partner.class)
                    .path(partner + "/auth-policy", PUT, "Set the allowed and required authentication methods",
                            AuthPolicyRequest.class, 200, Partner.class)
                    .path(partner + "/api-keys", POST, "Create an API key (returned once)", NewApiKey.class, 201,
                            CreatedApiKey.class)
                    .path(partner + "/api-keys", GET, "List API keys (prefix and metadata, never the key)", null, 200, null)
                    .path(partner + "/api-keys/{keyId}", DELETE, "Revoke an API key", null, 204, null)
                    .path("/admin/v1/plans", GET, "List plans", null, 200, null)
                    .path("/admin/v1/plans", POST, "Create a plan", CreatePlanRequest.class, 201, Plan.class)
                    .path("/admin/v1/plans/{name}", GET, "Get a plan", null, 200, Plan.class)
                    .path("/admin/v1/audit", GET, "The audit log, newest first", null, 200, AuditEntry.class,
                            "partnerId", "limit", "cursor");
        }
    }

}
