package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.events.CredentialRevoked;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and revokes the OAuth2 clients of the hub's token endpoint (client_credentials).
 * Secrets are 256 bits from a CSPRNG, returned once and stored only as SHA-256 (see {@link ClientSecrets}
 * for why a fast hash is right for random secrets). Joins the caller's transaction when there is one.
 */
public class OAuthClientService {

    static final String KIND = "oauth-client";
    static final String CLIENT_ID_PREFIX = "hub_";
    static final String SECRET_PREFIX = "hcs_";
    /** RFC 6749 §3.3 scope-token: printable ASCII without space, '"' and '\'. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final int MAX_SCOPES = 64;

    private final JdbcOAuthClientRepository clients;
    private final JdbcPartnerRepository partners;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RegistryChanges changes;
    private final SecureRandom random = new SecureRandom();

    OAuthClientService(JdbcOAuthClientRepository clients, JdbcPartnerRepository partners, ApplicationEventPublisher events,
                       Clock clock, RegistryChanges changes) {
        this.changes = changes;
        this.clients = clients;
        this.partners = partners;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @throws HubProblemException {@link HubError#VALIDATION_FAILED} for a malformed scope,
     *                             {@link HubError#NOT_FOUND} for an unknown partner
     */
    @Transactional
    public CreatedOAuthClient create(UUID partnerId, Set<String> scopes) {
        validateScopes(scopes);
        partners.requireOpenForNewCredentials(partnerId);
        String clientId = CLIENT_ID_PREFIX + randomToken(16);
        String secret = SECRET_PREFIX + randomToken(32);
        clients.insert(new OAuthClientRecord(clientId, partnerId, ClientSecrets.sha256(secret), scopes,
                clock.instant(), null));
        changes.markChanged();
        return new CreatedOAuthClient(clientId, secret, scopes);
    }

    /** Revokes every client of the partner; returns how many were still unrevoked. */
    @Transactional
    public int revokeAll(UUID partnerId) {
        return revokeMatching(partnerId, null).size();
    }

    /** Revokes one client of the partner; false when it does not exist, is another partner's or was revoked. */
    @Transactional
    public boolean revoke(UUID partnerId, String clientId) {
        return revokeMatching(partnerId, clientId).size() == 1;
    }

    @Transactional(readOnly = true)
    public List<OAuthClientRecord> list(UUID partnerId) {
        return clients.findByPartner(partnerId);
    }

    @Transactional(readOnly = true)
    public Optional<OAuthClientRecord> find(String clientId) {
        return clients.findById(clientId);
    }

    /** Every client, revoked included: the source for the in-memory credential index. */
    @Transactional(readOnly = true)
    public List<OAuthClientRecord> findAll() {
        return clients.findAll();
    }

    private List<String> revokeMatching(UUID partnerId, String clientId) {
        Instant now = clock.instant();
        List<String> revoked = clients.revoke(partnerId, clientId, now);
        revoked.forEach(id -> events.publishEvent(new CredentialRevoked(UUID.randomUUID(), partnerId, KIND, id, now)));
        if (!revoked.isEmpty()) {
            changes.markChanged();
        }
        return revoked;
    }

    static void validateScopes(Set<String> scopes) {
        if (scopes == null || scopes.size() > MAX_SCOPES) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "scopes must be a list of at most " + MAX_SCOPES,
                    Map.of("errors", List.of(Map.of("field", "scopes", "message", "at most " + MAX_SCOPES))));
        }
        for (String scope : scopes) {
            if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
                throw new HubProblemException(HubError.VALIDATION_FAILED, "Invalid scope: " + scope,
                        Map.of("errors", List.of(Map.of("field", "scopes",
                                "message", "each scope is 1-128 printable ASCII characters without space, '\"' or '\\'"))));
            }
        }
    }

    private String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
