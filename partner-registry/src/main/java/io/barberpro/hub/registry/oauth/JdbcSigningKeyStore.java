package io.barberpro.hub.registry.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.barberpro.hub.registry.pki.PrivateKeySealer;
import java.security.interfaces.ECPrivateKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ES256 signing keys in PostgreSQL, private halves sealed with the hub master key. Creation and
 * rotation take a transaction-scoped advisory lock, so concurrent nodes never make two active keys
 * (the partial unique index on ACTIVE is the backstop).
 */
final class JdbcSigningKeyStore {

    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('hub.token_signing_keys'))";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivateKeySealer sealer;

    JdbcSigningKeyStore(JdbcClient jdbc, TransactionTemplate transactions, PrivateKeySealer sealer) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sealer = sealer;
    }

    /** What a node holds in memory: the key that signs, and every public key still published. */
    record Loaded(ECKey active, List<Published> published) {
    }

    /** A public key and when it leaves the JWKS ({@code null} while active). */
    record Published(ECKey publicKey, Instant retireAfter) {
    }

    void ensureActiveKey(Instant now) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql(LOCK).query().singleRow();
            boolean exists = jdbc.sql("select exists (select 1 from token_signing_keys where state = 'ACTIVE')")
                    .query(Boolean.class).single();
            if (!exists) {
                insertActive(now);
            }
        });
    }

    /** Moves the active key to RETIRING for {@code overlap} and makes a new active key; returns its kid. */
    String rotate(Instant now, Duration overlap) {
        return transactions.execute(status -> {
            jdbc.sql(LOCK).query().singleRow();
            jdbc.sql("update token_signing_keys set state = 'RETIRED' where state = 'RETIRING' and retire_after <= :now")
                    .param("now", Timestamp.from(now)).update();
            jdbc.sql("""
                            update token_signing_keys set state = 'RETIRING', retiring_since = :now, retire_after = :until
                            where state = 'ACTIVE'""")
                    .param("now", Timestamp.from(now))
                    .param("until", Timestamp.from(now.plus(overlap)))
                    .update();
            return insertActive(now);
        });
    }

    Loaded load(Instant now) {
        List<Published> published = new ArrayList<>();
        ECKey[] active = new ECKey[1];
        jdbc.sql("""
                        select kid, public_jwk, sealed_private_key, state, retire_after from token_signing_keys
                        where state = 'ACTIVE' or (state = 'RETIRING' and retire_after > :now)
                        order by created_at desc""")
                .param("now", Timestamp.from(now))
                .query(rs -> {
                    ECKey publicKey = parse(rs.getString("public_jwk"));
                    Timestamp retireAfter = rs.getTimestamp("retire_after");
                    published.add(new Published(publicKey, retireAfter == null ? null : retireAfter.toInstant()));
                    if ("ACTIVE".equals(rs.getString("state"))) {
                        ECPrivateKey privateKey = (ECPrivateKey) sealer.unseal(rs.getBytes("sealed_private_key"),
                                purpose(publicKey.getKeyID()));
                        active[0] = new ECKey.Builder(publicKey).privateKey(privateKey).build();
                    }
                });
        if (active[0] == null) {
            throw new IllegalStateException("No active token signing key");
        }
        return new Loaded(active[0], List.copyOf(published));
    }

    private String insertActive(Instant now) {
        ECKey key = generate();
        jdbc.sql("""
                        insert into token_signing_keys (kid, algorithm, public_jwk, sealed_private_key, state, created_at)
                        values (:kid, 'ES256', :jwk, :sealed, 'ACTIVE', :now)""")
                .param("kid", key.getKeyID())
                .param("jwk", key.toPublicJWK().toJSONString())
                .param("sealed", sealPrivate(key))
                .param("now", Timestamp.from(now))
                .update();
        return key.getKeyID();
    }

    private byte[] sealPrivate(ECKey key) {
        try {
            return sealer.seal(key.toPrivateKey(), purpose(key.getKeyID()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kid = RFC 7638 JWK thumbprint, so the kid names the key material itself. */
    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an ES256 key", e);
        }
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored JWK is not valid", e);
        }
    }

    private static String purpose(String kid) {
        return "jwk:" + kid;
    }
}
