package io.barberpro.hub.registry.api;

import java.util.UUID;

/**
 * What the edge needs to know about a partner, as of the last registry change. Immutable; the
 * registry swaps in a new snapshot when anything about the partner changes.
 *
 * @param trustedIdp the partner's own IdP, or {@code null}
 * @param rateLimitOverride a per-partner plan that wins over {@code plan}, or {@code null}
 */
public record PartnerSnapshot(UUID id, String slug, PartnerStatus status, RatePlan plan,
                              RatePlan rateLimitOverride, AuthPolicy authPolicy, TrustedIdp trustedIdp) {

    /** The plan the rate limiter applies. */
    public RatePlan effectivePlan() {
        return rateLimitOverride != null ? rateLimitOverride : plan;
    }

    public boolean isActive() {
        return status == PartnerStatus.ACTIVE;
    }
}
