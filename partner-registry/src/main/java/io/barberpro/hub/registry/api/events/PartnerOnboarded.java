package io.barberpro.hub.registry.api.events;

import java.time.Instant;
import java.util.UUID;

public record PartnerOnboarded(UUID eventId, UUID partnerId, String slug, Instant occurredAt) implements RegistryEvent {

    @Override
    public String type() {
        return "partner.onboarded";
    }
}
