package io.barberpro.hub.registry.apikey;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.api.events.CredentialRevoked;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import io.barberpro.hub.registry.partner.Partner;
import io.barberpro.hub.registry.partner.PartnerCredentialRevoker;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;

/**
 * API keys: several may be active at once (rotation: create the new one, move clients over, revoke
 * the old one), each optionally expiring. The key is returned once and stored only as its SHA-256.
 */
public class ApiKeyService implements PartnerCredentialRevoker {

    static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._/-]{0,63}");
    /** Prefixes are unique; a collision (about 1 in 10^12) just draws again. */
    private static final int GENERATION_ATTEMPTS = 3;

    private final JdbcApiKeyRepository keys;
    private final JdbcPartnerRepository partners;
    private final ApiKeyFormat format;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public ApiKeyService(JdbcApiKeyRepository keys, JdbcPartnerRepository partners, ApiKeyFormat format,
                         JdbcAuditLog audit, RegistryChanges changes, ApplicationEventPublisher events, Clock clock) {
        this.keys = keys;
        this.partners = partners;
        this.format = format;
        this.audit = audit;
        this.changes = changes;
        this.events = events;
        this.clock = clock;
    }

    public static void validate(FieldErrors errors, NewApiKey request, Instant now) {
        if (request.scopes() != null) {
            for (int i = 0; i < request.scopes().size(); i++) {
                String scope = request.scopes().get(i);
                if (scope == null || !SCOPE.matcher(scope).matches()) {
                    errors.add("scopes[" + i + "]", "must be 1-64 characters of letters, digits and : . _ / -");
                }
            }
        }
        errors.future("expiresAt", request.expiresAt(), now);
        errors.text("description", request.description(), 200, false);
    }

    public CreatedApiKey create(Actor actor, UUID partnerId, NewApiKey request) {
        FieldErrors errors = new FieldErrors();
        validate(errors, request, clock.instant());
        errors.throwIfAny();
        return changes.apply(() -> createInTransaction(actor, partnerId, request));
    }

    /** Inside the caller's transaction; the partner must exist and not be offboarded. */
    public CreatedApiKey createInTransaction(Actor actor, UUID partnerId, NewApiKey request) {
        Partner partner = partners.lock(partnerId)
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown partner"));
        if (partner.isOffboarded()) {
            throw new HubProblemException(HubError.CONFLICT, "An offboarded partner cannot get new credentials");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<String> scopes = request.scopes() == null ? List.of() : List.copyOf(request.scopes());
        // PostgreSQL keeps microseconds; truncating here keeps the response equal to what is stored
        Instant expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        String key = format.generate();
        for (int attempt = 1; keys.prefixExists(ApiKeyFormat.prefixOf(key)) && attempt < GENERATION_ATTEMPTS; attempt++) {
            key = format.generate();
        }
        ApiKey stored = new ApiKey(UUID.randomUUID(), partnerId, ApiKeyFormat.prefixOf(key), scopes,
                request.description(), now, expiresAt, null);
        keys.insert(stored, ApiKeyFormat.hash(key));
        audit.record(actor, "api-key.created", "api-key", stored.id().toString(), partnerId, null, stored);
        changes.markChanged();
        return new CreatedApiKey(stored.id(), key, stored.prefix(), scopes, now, expiresAt);
    }

    public List<ApiKey> list(UUID partnerId) {
        if (partners.find(partnerId).isEmpty()) {
            throw new HubProblemException(HubError.NOT_FOUND, "Unknown partner");
        }
        return keys.byPartner(partnerId);
    }

    public void revoke(Actor actor, UUID partnerId, UUID keyId) {
        changes.apply(() -> {
            ApiKey before = keys.byPartner(partnerId).stream().filter(k -> k.id().equals(keyId)).findFirst()
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown API key"));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (keys.revoke(partnerId, keyId, now, "revoked by " + actor.name())) {
                audit.record(actor, "api-key.revoked", "api-key", keyId.toString(), partnerId, before,
                        Map.of("revokedAt", now));
                events.publishEvent(new CredentialRevoked(UUID.randomUUID(), partnerId, "api-key", keyId.toString(), now));
            }
            return null;
        });
    }

    @Override
    public String kind() {
        return "api-key";
    }

    @Override
    public int revokeAll(UUID partnerId, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<UUID> revoked = keys.revokeAll(partnerId, now, reason);
        revoked.forEach(id -> events.publishEvent(
                new CredentialRevoked(UUID.randomUUID(), partnerId, "api-key", id.toString(), now)));
        return revoked.size();
    }
}
