package io.barberpro.hub.registry.api.events;

import java.time.Instant;
import java.util.UUID;

/** @param kind {@code api-key}, {@code oauth-client} or {@code client-certificate} */
public record CredentialRevoked(UUID eventId, UUID partnerId, String kind, String credentialId, Instant occurredAt)
        implements RegistryEvent {

    @Override
    public String type() {
        return "credential.revoked";
    }
}
