package io.barberpro.hub.registry.api.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Domain events of the registry, published as Spring application events inside the transaction
 * of the change, so listeners that write in the same transaction (the webhooks outbox) record an
 * event if and only if the change commits.
 */
public sealed interface RegistryEvent permits PartnerOnboarded, PartnerStatusChanged, CredentialRevoked {

    /** Stable id, used as the outbox event id. */
    UUID eventId();

    UUID partnerId();

    Instant occurredAt();

    /** The public event type, e.g. {@code partner.onboarded}. */
    String type();
}
