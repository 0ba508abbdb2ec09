package io.barberpro.hub.registry.oauth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An OAuth2 client as stored: the secret only as its SHA-256. Also the row the credential index loads.
 *
 * @param secretSha256 SHA-256 of the client secret's UTF-8 bytes
 */
public record OAuthClientRecord(String clientId, UUID partnerId, byte[] secretSha256, Set<String> scopes,
                                Instant createdAt, Instant revokedAt) {

    public OAuthClientRecord {
        scopes = Set.copyOf(scopes);
        secretSha256 = secretSha256.clone();
    }

    @Override
    public byte[] secretSha256() {
        return secretSha256.clone();
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "OAuthClientRecord[clientId=" + clientId + ", partnerId=" + partnerId + ", scopes=" + scopes
                + ", revokedAt=" + revokedAt + "]";
    }
}
