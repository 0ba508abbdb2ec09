package io.barberpro.hub.registry.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as lists show it: the visible prefix and metadata, never the key. */
public record ApiKey(UUID id, UUID partnerId, String prefix, List<String> scopes, String description,
                     Instant createdAt, Instant expiresAt, Instant revokedAt) {
}
