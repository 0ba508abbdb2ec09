package io.barberpro.hub.gateway.authn;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature a given key has already verified, kept parsed. A partner presents the same
 * access token on every request for its whole lifetime; ES256 verification costs about 0.9 ms of CPU
 * and parsing the token's JSON most of what is left, so both are done once per token. Everything
 * that can change between two requests with the same token — {@code exp}, {@code nbf}, the key still
 * being in the JWKS, the certificate binding, the client's scopes and the partner's status — is
 * still checked on every request.
 *
 * <p>Keyed by the whole token, so any change to header, payload or signature misses; a hit counts
 * only for the same key, so a key that left the JWKS (or a reused {@code kid}) verifies afresh.
 * Bounded: cleared when full, never blocking the event loop.
 */
final class VerifiedTokens {

    /** A token as parsed, the key that verified its signature, and the scopes it grants. */
    record Verified(SignedJWT jwt, JWK key, Set<String> scopes) {

        boolean verifiedBy(JWK candidate) {
            return key == candidate || key.equals(candidate);
        }
    }

    private final int capacity;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    /** The verified token, or null when this exact token was never verified (or was forgotten). */
    Verified get(String token) {
        return verified.get(token);
    }

    void remember(String token, Verified entry) {
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, entry);
    }

    int size() {
        return verified.size();
    }
}
