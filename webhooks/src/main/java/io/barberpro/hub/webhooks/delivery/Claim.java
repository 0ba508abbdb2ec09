package io.barberpro.hub.webhooks.delivery;

import java.util.UUID;

/**
 * A delivery row this worker holds under a lease. Every later write is fenced by {@code leaseToken},
 * so a worker that outlived its lease cannot overwrite what the row's new holder decided.
 *
 * @param attempts attempts made before this one
 */
public record Claim(long deliveryId, UUID eventId, UUID endpointId, int attempts, UUID leaseToken) {
}
