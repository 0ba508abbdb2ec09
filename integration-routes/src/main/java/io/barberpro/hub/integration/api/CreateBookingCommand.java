package io.barberpro.hub.integration.api;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Book a service for a customer on behalf of a partner. {@code partnerReference} is the partner's
 * own id for the booking and makes the request idempotent on the platform.
 */
public record CreateBookingCommand(UUID partnerId, ProviderRef provider, ServiceRef service, OffsetDateTime start,
                                   Customer customer, String partnerReference) {

    public CreateBookingCommand {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
