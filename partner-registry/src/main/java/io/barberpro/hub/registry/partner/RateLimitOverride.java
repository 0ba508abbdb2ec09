package io.barberpro.hub.registry.partner;

/**
 * A per-partner rate limit ({@code PUT /admin/v1/partners/{id}/rate-limit}): {@code quota} requests
 * per {@code windowSeconds}, optionally a spike limit. Fields are boxed so a missing one is a
 * validation error, not a zero.
 */
public record RateLimitOverride(Long quota, Long windowSeconds, Long spikeQuota, Long spikeWindowSeconds) {
}
