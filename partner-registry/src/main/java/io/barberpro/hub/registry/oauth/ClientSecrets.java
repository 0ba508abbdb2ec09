package io.barberpro.hub.registry.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashing of OAuth client secrets. A plain SHA-256 is enough here, unlike for passwords: the secret
 * is 256 bits from a CSPRNG, so there is no dictionary to try and brute force against the hash is
 * 2^256 work; a slow KDF (bcrypt, PBKDF2) would only add latency to every token request.
 */
final class ClientSecrets {

    private ClientSecrets() {
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    static boolean matches(String presented, byte[] storedSha256) {
        return MessageDigest.isEqual(sha256(presented), storedSha256);
    }
}
