package io.barberpro.hub.registry.oauth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An OAuth client as the admin API lists it: never the secret or its hash. */
public record OAuthClientSummary(String clientId, UUID partnerId, Set<String> scopes, Instant createdAt,
                                 Instant revokedAt) {

    static OAuthClientSummary of(OAuthClientRecord client) {
        return new OAuthClientSummary(client.clientId(), client.partnerId(), client.scopes(), client.createdAt(),
                client.revokedAt());
    }
}
