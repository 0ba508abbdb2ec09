package io.barberpro.hub.integration.api;

import java.util.Objects;

/** A service of a provider, by the platform's id (unique within the provider). */
public record ServiceRef(String id) {

    public ServiceRef {
        Objects.requireNonNull(id, "id");
    }
}
