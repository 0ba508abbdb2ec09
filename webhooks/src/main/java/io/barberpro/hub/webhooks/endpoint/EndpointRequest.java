package io.barberpro.hub.webhooks.endpoint;

import java.util.List;
import java.util.Map;

/**
 * Body of create (url required) and update (every field optional; absent = unchanged) calls.
 *
 * @param enabled update only: false disables (pending deliveries become dead letters), true re-enables
 */
public record EndpointRequest(String url, String description, List<String> eventTypes, Boolean ordered,
                              Integer rateLimitPerSecond, Map<String, String> headers, Boolean enabled) {
}
