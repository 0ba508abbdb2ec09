package io.barberpro.hub.registry.lookup;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A credential as the in-memory index keeps it: who owns it and when it stops being valid. Never
 * the secret itself.
 *
 * @param credentialId the registry id reported in verdicts (for logs and metrics)
 * @param expiresAt    {@code null} for no expiry
 * @param revokedAt    {@code null} while not revoked
 */
public record IndexedCredential(UUID partnerId, String credentialId, Set<String> scopes, Instant expiresAt,
                                Instant revokedAt) {

    public IndexedCredential {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(credentialId, "credentialId");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }
}
