package io.barberpro.hub.integration.api;

import java.util.Objects;

/** A barbershop on the booking platform, by the platform's id. */
public record ProviderRef(String id) {

    public ProviderRef {
        Objects.requireNonNull(id, "id");
    }
}
