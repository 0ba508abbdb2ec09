package io.barberpro.hub.webhooks.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event for partners. {@code id} is the idempotency key of ingestion and the {@code webhook-id}
 * of every delivery attempt.
 *
 * @param payload JSON-serialisable; becomes {@code data} of the webhook message
 */
public record OutboxEvent(UUID id, String type, UUID partnerId, Instant occurredAt, Map<String, Object> payload) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        payload = payload == null ? Map.of() : payload;
    }
}
