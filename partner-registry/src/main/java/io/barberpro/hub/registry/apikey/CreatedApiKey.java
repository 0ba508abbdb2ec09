package io.barberpro.hub.registry.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The one response that carries the key; it is never retrievable again. */
public record CreatedApiKey(UUID id, String key, String prefix, List<String> scopes, Instant createdAt,
                            Instant expiresAt) {

    /** Keeps the key out of accidental {@code toString()} logging. */
    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", prefix=" + prefix + "]";
    }
}
