package io.barberpro.hub.registry.onboarding;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.support.Sql;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Responses of idempotent admin operations, kept for {@code Idempotency-Key} replays.
 *
 * <p>An onboarding response carries secrets (API key, client secret, PKCS#12 password, webhook
 * secret), so it is never stored in the clear: it is sealed with AES-256-GCM under a key derived
 * (HMAC-SHA256) from the Idempotency-Key and the request hash, and the Idempotency-Key itself is
 * stored only as a SHA-256. Reading the table therefore reveals nothing without the caller's
 * Idempotency-Key; records expire after {@code hub.registry.onboarding.idempotency-ttl} (24 h).
 */
public class JdbcIdempotencyStore {

    /** A stored response: replay {@code status} with {@code body}. */
    public record StoredResponse(int status, byte[] body) {
    }

    private static final int NONCE_BYTES = 12;
    private final JdbcClient jdbc;
    private final SecureRandom random;

    public JdbcIdempotencyStore(JdbcClient jdbc, SecureRandom random) {
        this.jdbc = jdbc;
        this.random = random;
    }

    /**
     * The stored response for this key, if an unexpired one exists.
     *
     * @throws HubProblemException {@code idempotency-key-reused} when the key was used with another request
     */
    public Optional<StoredResponse> find(String operation, String idempotencyKey, byte[] requestHash, Instant now) {
        byte[] keyHash = keyHash(operation, idempotencyKey);
        return jdbc.sql("select * from idempotency_records where key_hash = ? and expires_at > ?")
                .params(keyHash, Sql.timestamp(now))
                .query((rs, row) -> {
                    if (!MessageDigest.isEqual(rs.getBytes("request_hash"), requestHash)) {
                        throw new HubProblemException(HubError.IDEMPOTENCY_KEY_REUSED,
                                "This Idempotency-Key was already used with a different request body");
                    }
                    byte[] body = crypt(Cipher.DECRYPT_MODE, operation, idempotencyKey, requestHash, keyHash,
                            rs.getBytes("response_nonce"), rs.getBytes("response_sealed"));
                    return new StoredResponse(rs.getInt("response_status"), body);
                })
                .optional();
    }

    /** Stores the response inside the caller's transaction, replacing an expired record of the same key. */
    public void save(String operation, String idempotencyKey, byte[] requestHash, StoredResponse response, Instant now,
                     Duration ttl) {
        byte[] keyHash = keyHash(operation, idempotencyKey);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, operation, idempotencyKey, requestHash, keyHash, nonce, response.body());
        jdbc.sql("delete from idempotency_records where key_hash = ? and expires_at <= ?")
                .params(keyHash, Sql.timestamp(now)).update();
        jdbc.sql("""
                        insert into idempotency_records (key_hash, operation, request_hash, response_status,
                                                         response_nonce, response_sealed, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(keyHash, operation, requestHash, response.status(), nonce, sealed, Sql.timestamp(now),
                        Sql.timestamp(now.plus(ttl)))
                .update();
    }

    public int purgeExpired(Instant now) {
        return jdbc.sql("delete from idempotency_records where expires_at <= ?").param(Sql.timestamp(now)).update();
    }

    static byte[] keyHash(String operation, String idempotencyKey) {
        return digest("hub-idempotency-id|" + operation + "|" + idempotencyKey);
    }

    private static byte[] crypt(int mode, String operation, String idempotencyKey, byte[] requestHash, byte[] keyHash,
                                byte[] nonce, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(idempotencyKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] key = mac.doFinal(("hub-idempotency-seal|" + operation + "|" + HexFormat.of().formatHex(requestHash))
                    .getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(keyHash);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal or open an idempotency record", e);
        }
    }

    static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
