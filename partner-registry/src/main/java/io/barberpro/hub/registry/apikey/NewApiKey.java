package io.barberpro.hub.registry.apikey;

import java.time.Instant;
import java.util.List;

/** {@code POST /admin/v1/partners/{id}/api-keys}; every member optional. */
public record NewApiKey(List<String> scopes, Instant expiresAt, String description) {

    public static final NewApiKey DEFAULT = new NewApiKey(null, null, null);
}
