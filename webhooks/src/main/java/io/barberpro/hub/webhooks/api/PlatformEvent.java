package io.barberpro.hub.webhooks.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A booking change on BarberPro's core platform that partners hear about through their webhooks.
 * Ingestion is idempotent on {@code eventId}: the same event delivered twice is recorded once.
 *
 * @param type    public event type, e.g. {@code booking.created}, {@code booking.cancelled}
 * @param payload JSON-serialisable body of the event ({@code data} in the webhook message)
 */
public record PlatformEvent(UUID eventId, String type, UUID partnerId, Instant occurredAt, Map<String, Object> payload) {
}
