package io.barberpro.hub.registry.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One admin change as the audit API shows it. {@code before}/{@code after} never hold secrets. */
public record AuditEntry(long id, Instant at, String actor, String action, String targetType, String targetId,
                         UUID partnerId, JsonNode before, JsonNode after, String requestId) {
}
