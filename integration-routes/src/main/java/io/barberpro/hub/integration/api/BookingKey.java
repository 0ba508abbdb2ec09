package io.barberpro.hub.integration.api;

import java.util.Objects;
import java.util.UUID;

/** One booking of one partner; the platform answers "not found" for another partner's booking. */
public record BookingKey(UUID partnerId, UUID bookingId) {

    public BookingKey {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(bookingId, "bookingId");
    }
}
