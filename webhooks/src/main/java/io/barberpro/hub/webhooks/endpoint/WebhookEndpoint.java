package io.barberpro.hub.webhooks.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A partner's webhook endpoint as the APIs show it. Secret values are never part of it: they are
 * shown once, when created or rotated.
 *
 * @param eventTypes empty = every event type
 * @param ordered    deliver one event at a time, in commit order
 */
public record WebhookEndpoint(UUID id, UUID partnerId, String url, String description, List<String> eventTypes,
                              boolean enabled, String disabledReason, boolean ordered, Integer rateLimitPerSecond,
                              Map<String, String> headers, Instant failingSince, List<SecretInfo> secrets,
                              Instant createdAt, Instant updatedAt) {

    /** @param expiresAt null = no end; set on the old secret by a rotation */
    public record SecretInfo(UUID id, String prefix, Instant createdAt, Instant expiresAt) {
    }
}
