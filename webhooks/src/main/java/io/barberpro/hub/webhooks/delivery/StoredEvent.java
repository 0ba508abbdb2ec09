package io.barberpro.hub.webhooks.delivery;

import java.time.Instant;
import java.util.UUID;

/** An outbox row as the worker sends it; {@code payloadJson} is the stored JSON text. */
record StoredEvent(UUID id, String type, Instant occurredAt, String payloadJson) {
}
