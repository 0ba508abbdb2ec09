package io.barberpro.hub.registry.api.events;

import io.barberpro.hub.registry.api.PartnerStatus;
import java.time.Instant;
import java.util.UUID;

public record PartnerStatusChanged(UUID eventId, UUID partnerId, PartnerStatus from, PartnerStatus to, String reason,
                                   Instant occurredAt) implements RegistryEvent {

    @Override
    public String type() {
        return switch (to) {
            case SUSPENDED -> "partner.suspended";
            case OFFBOARDED -> "partner.offboarded";
            case ACTIVE -> "partner.activated";
            case PENDING -> "partner.pending";
        };
    }
}
