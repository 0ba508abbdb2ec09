package io.barberpro.hub.registry.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.RegistryProperties;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner.ProvisionedEndpoint;
import io.barberpro.hub.registry.api.events.PartnerOnboarded;
import io.barberpro.hub.registry.apikey.ApiKeyService;
import io.barberpro.hub.registry.apikey.CreatedApiKey;
import io.barberpro.hub.registry.apikey.NewApiKey;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.oauth.CreatedOAuthClient;
import io.barberpro.hub.registry.oauth.OAuthClientService;
import io.barberpro.hub.registry.onboarding.JdbcIdempotencyStore.StoredResponse;
import io.barberpro.hub.registry.onboarding.OnboardingResponse.ApiKeyPart;
import io.barberpro.hub.registry.onboarding.OnboardingResponse.CertificatePart;
import io.barberpro.hub.registry.onboarding.OnboardingResponse.Endpoints;
import io.barberpro.hub.registry.onboarding.OnboardingResponse.OAuthClientPart;
import io.barberpro.hub.registry.onboarding.OnboardingResponse.WebhookPart;
import io.barberpro.hub.registry.partner.NewPartner;
import io.barberpro.hub.registry.partner.Partner;
import io.barberpro.hub.registry.partner.PartnerService;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.IssuedCertificate;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;

/**
 * Automated onboarding: one call creates an active partner with an API key, an OAuth client, a
 * client certificate (signed from the partner's CSR, or a generated key as PKCS#12) and, when asked,
 * its first webhook endpoint — all in ONE transaction, so any failure (bad CSR, duplicate slug, a
 * provisioner error) leaves nothing behind. With an {@code Idempotency-Key} the response is stored
 * (sealed, see {@link JdbcIdempotencyStore}) in the same transaction and replayed for the same key
 * and body; the same key with another body is {@code 422 idempotency-key-reused}.
 */
public class OnboardingService {

    static final String OPERATION = "onboarding";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{16,255}");
    private static final int MAX_CSR_LENGTH = 16_384;

    /** The response to send: fresh (201) or replayed. */
    public record Outcome(int status, byte[] body, UUID partnerId, boolean replayed) {
    }

    private final PartnerService partners;
    private final ApiKeyService apiKeys;
    private final ObjectProvider<OAuthClientService> oauthClients;
    private final ObjectProvider<ClientCertificateService> certificates;
    private final ObjectProvider<WebhookEndpointProvisioner> webhooks;
    private final JdbcIdempotencyStore idempotency;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final ApplicationEventPublisher events;
    private final ObjectMapper objectMapper;
    private final RegistryProperties.Onboarding properties;
    private final Clock clock;

    public OnboardingService(PartnerService partners, ApiKeyService apiKeys,
                             ObjectProvider<OAuthClientService> oauthClients,
                             ObjectProvider<ClientCertificateService> certificates,
                             ObjectProvider<WebhookEndpointProvisioner> webhooks, JdbcIdempotencyStore idempotency,
                             JdbcAuditLog audit, RegistryChanges changes, ApplicationEventPublisher events,
                             ObjectMapper objectMapper, RegistryProperties.Onboarding properties, Clock clock) {
        this.partners = partners;
        this.apiKeys = apiKeys;
        this.oauthClients = oauthClients;
        this.certificates = certificates;
        this.webhooks = webhooks;
        this.idempotency = idempotency;
        this.audit = audit;
        this.changes = changes;
        this.events = events;
        this.objectMapper = objectMapper;
        this.properties = properties;
        this.clock = clock;
    }

    public Outcome onboard(Actor actor, OnboardingRequest request, String idempotencyKey) {
        URI webhookUrl = validate(request, idempotencyKey);
        if (webhookUrl != null && webhooks.getIfAvailable() == null) {
            throw new HubProblemException(HubError.UNPROCESSABLE,
                    "webhookUrl was given but this hub does not run the webhooks role");
        }
        byte[] requestHash = requestHash(request);
        Instant now = clock.instant();
        if (idempotencyKey != null) {
            idempotency.purgeExpired(now);
            Optional<Outcome> replay = replay(idempotencyKey, requestHash, now);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        try {
            return changes.apply(() -> onboardInTransaction(actor, request, webhookUrl, idempotencyKey, requestHash));
        } catch (HubProblemException e) {
            // a concurrent request with the same key may have committed first (its slug made ours a duplicate)
            if (idempotencyKey != null && e.error() == HubError.DUPLICATE) {
                Optional<Outcome> replay = replay(idempotencyKey, requestHash, clock.instant());
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
    }

    private Outcome onboardInTransaction(Actor actor, OnboardingRequest request, URI webhookUrl, String idempotencyKey,
                                         byte[] requestHash) {
        Set<String> scopes = new LinkedHashSet<>(properties.scopes());
        Partner partner = partners.createInTransaction(actor, new NewPartner(request.slug(), request.legalName(),
                request.country(), request.contactEmail(), request.plan()), PartnerStatus.ACTIVE, "onboarded");
        UUID id = partner.id();
        CreatedApiKey apiKey = apiKeys.createInTransaction(actor, id, new NewApiKey(List.copyOf(scopes), null, "onboarding"));
        CreatedOAuthClient client = required(oauthClients, "OAuthClientService").create(id, scopes);
        ClientCertificateService certificateService = required(certificates, "ClientCertificateService");
        IssuedCertificate certificate = request.csrPem() != null
                ? certificateService.issueFromCsr(id, request.csrPem())
                : certificateService.issueWithGeneratedKey(id);
        ProvisionedEndpoint endpoint = webhookUrl == null ? null : webhooks.getObject().provision(id, webhookUrl);

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("apiKeyId", apiKey.id());
        credentials.put("apiKeyPrefix", apiKey.prefix());
        credentials.put("oauthClientId", client.clientId());
        credentials.put("certificateSerial", certificate.serialHex());
        credentials.put("certificateFingerprint", certificate.sha256Fingerprint());
        credentials.put("certificateFromCsr", request.csrPem() != null);
        if (endpoint != null) {
            credentials.put("webhookEndpointId", endpoint.endpointId());
        }
        audit.record(actor, "partner.onboarded", "partner", id.toString(), id, null, credentials);
        Instant now = clock.instant();
        events.publishEvent(new PartnerOnboarded(UUID.randomUUID(), id, partner.slug(), now));

        OnboardingResponse response = new OnboardingResponse(id, partner.slug(), partner.status(), partner.plan(),
                new ApiKeyPart(apiKey.id(), apiKey.key(), apiKey.prefix(), Set.copyOf(apiKey.scopes())),
                new OAuthClientPart(client.clientId(), client.clientSecret(), client.scopes()),
                new CertificatePart(certificate.id(), certificate.serialHex(), certificate.sha256Fingerprint(),
                        certificate.notAfter(), certificate.certificateChainPem(), certificate.pkcs12Base64(),
                        certificate.pkcs12Password()),
                certificate.caCertificatePem(),
                endpoint == null ? null : new WebhookPart(endpoint.endpointId(), endpoint.url(), endpoint.signingSecret()),
                new Endpoints(properties.edgeBaseUrl(), properties.devBaseUrl(), properties.effectiveTokenUrl(),
                        properties.jwksUrl()));
        byte[] body = json(response);
        if (idempotencyKey != null) {
            idempotency.save(OPERATION, idempotencyKey, requestHash, new StoredResponse(HttpStatus.CREATED.value(), body),
                    now, properties.idempotencyTtl());
        }
        return new Outcome(HttpStatus.CREATED.value(), body, id, false);
    }

    private Optional<Outcome> replay(String idempotencyKey, byte[] requestHash, Instant now) {
        return idempotency.find(OPERATION, idempotencyKey, requestHash, now)
                .map(stored -> new Outcome(stored.status(), stored.body(), null, true));
    }

    private URI validate(OnboardingRequest request, String idempotencyKey) {
        FieldErrors errors = new FieldErrors();
        PartnerService.validate(errors, new NewPartner(request.slug(), request.legalName(), request.country(),
                request.contactEmail(), request.plan()));
        URI webhookUrl = null;
        if (request.webhookUrl() != null) {
            webhookUrl = webhookUrl(request.webhookUrl());
            if (webhookUrl == null) {
                errors.add("webhookUrl", "must be an absolute http or https URL");
            }
        }
        if (request.csrPem() != null && (request.csrPem().length() > MAX_CSR_LENGTH
                || !request.csrPem().contains("-----BEGIN CERTIFICATE REQUEST-----"))) {
            errors.add("csrPem", "must be a PEM-encoded PKCS#10 certificate signing request");
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            errors.add("Idempotency-Key", "must be 16-255 visible ASCII characters (a random UUID is ideal)");
        }
        errors.throwIfAny();
        return webhookUrl;
    }

    private static URI webhookUrl(String raw) {
        try {
            URI uri = new URI(raw);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && raw.length() <= 2048 ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The request as canonical JSON (record order, nulls included), hashed. */
    private byte[] requestHash(OnboardingRequest request) {
        return JdbcIdempotencyStore.digest(new String(json(request), java.nio.charset.StandardCharsets.UTF_8));
    }

    private byte[] json(Object value) {
        try {
            return objectMapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("onboarding JSON is not serialisable", e);
        }
    }

    private static <T> T required(ObjectProvider<T> provider, String name) {
        T service = provider.getIfAvailable();
        if (service == null) {
            throw new IllegalStateException(name + " is not available; onboarding needs the registry PKI/OAuth part");
        }
        return service;
    }
}
