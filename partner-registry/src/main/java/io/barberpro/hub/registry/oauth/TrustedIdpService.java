package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.TrustedIdp;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * A partner's own IdP (issuer, JWKS URL, audience) whose JWTs the gateway accepts for that partner.
 * One per partner; an issuer belongs to at most one partner, so a token's {@code iss} names its partner.
 */
public class TrustedIdpService {

    private static final int MAX_LENGTH = 512;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RegistryChanges changes;

    TrustedIdpService(JdbcClient jdbc, Clock clock, RegistryChanges changes) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.changes = changes;
    }

    /**
     * Sets or replaces the partner's trusted IdP.
     *
     * @throws HubProblemException VALIDATION_FAILED for bad fields, NOT_FOUND for an unknown partner,
     *                             DUPLICATE when another partner already trusts this issuer
     */
    @Transactional
    public TrustedIdp set(UUID partnerId, TrustedIdp idp) {
        validate(idp);
        boolean partnerExists = jdbc.sql("select exists (select 1 from partners where id = :id)")
                .param("id", partnerId).query(Boolean.class).single();
        if (!partnerExists) {
            throw new HubProblemException(HubError.NOT_FOUND, "No partner " + partnerId);
        }
        try {
            jdbc.sql("""
                            insert into partner_trusted_idps (partner_id, issuer, jwks_uri, audience, updated_at)
                            values (:p, :issuer, :jwks, :audience, :now)
                            on conflict (partner_id) do update set issuer = excluded.issuer,
                                jwks_uri = excluded.jwks_uri, audience = excluded.audience, updated_at = excluded.updated_at""")
                    .param("p", partnerId)
                    .param("issuer", idp.issuer())
                    .param("jwks", idp.jwksUri().toString())
                    .param("audience", idp.audience())
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new HubProblemException(HubError.DUPLICATE, "Another partner already trusts this issuer");
        }
        changes.markChanged();
        return idp;
    }

    /** Removes the partner's trusted IdP; false when it had none. */
    @Transactional
    public boolean remove(UUID partnerId) {
        boolean removed = jdbc.sql("delete from partner_trusted_idps where partner_id = :p").param("p", partnerId)
                .update() == 1;
        if (removed) {
            changes.markChanged();
        }
        return removed;
    }

    @Transactional(readOnly = true)
    public Optional<TrustedIdp> find(UUID partnerId) {
        return jdbc.sql("select issuer, jwks_uri, audience from partner_trusted_idps where partner_id = :p")
                .param("p", partnerId)
                .query((rs, n) -> new TrustedIdp(rs.getString(1), URI.create(rs.getString(2)), rs.getString(3)))
                .optional();
    }

    /** Every partner's trusted IdP, for the in-memory partner snapshots. */
    @Transactional(readOnly = true)
    public Map<UUID, TrustedIdp> findAll() {
        Map<UUID, TrustedIdp> all = new java.util.HashMap<>();
        jdbc.sql("select partner_id, issuer, jwks_uri, audience from partner_trusted_idps")
                .query(rs -> {
                    all.put(rs.getObject(1, UUID.class),
                            new TrustedIdp(rs.getString(2), URI.create(rs.getString(3)), rs.getString(4)));
                });
        return all;
    }

    static void validate(TrustedIdp idp) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (idp == null) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "A trusted IdP needs issuer, jwksUri and audience");
        }
        if (blankOrLong(idp.issuer())) {
            errors.add(Map.of("field", "issuer", "message", "required, at most " + MAX_LENGTH + " characters"));
        }
        if (blankOrLong(idp.audience())) {
            errors.add(Map.of("field", "audience", "message", "required, at most " + MAX_LENGTH + " characters"));
        }
        URI jwks = idp.jwksUri();
        if (jwks == null || !jwks.isAbsolute() || jwks.getHost() == null
                || !("https".equals(jwks.getScheme()) || "http".equals(jwks.getScheme()))
                || jwks.toString().length() > MAX_LENGTH || jwks.getUserInfo() != null) {
            errors.add(Map.of("field", "jwksUri", "message", "an absolute https (or http) URL without credentials"));
        }
        if (!errors.isEmpty()) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "The trusted IdP has invalid fields",
                    Map.of("errors", errors));
        }
    }

    private static boolean blankOrLong(String value) {
        return value == null || value.isBlank() || value.length() > MAX_LENGTH;
    }
}
