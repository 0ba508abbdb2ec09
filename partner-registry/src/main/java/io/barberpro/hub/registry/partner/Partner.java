package io.barberpro.hub.registry.partner;

import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.PartnerStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A partner as the admin API shows it.
 *
 * @param rateLimitOverride a per-partner limit that wins over the plan, or {@code null}
 * @param version           incremented by every change
 */
public record Partner(UUID id, String slug, String legalName, String country, String contactEmail,
                      PartnerStatus status, String plan, RateLimitOverride rateLimitOverride, AuthPolicy authPolicy,
                      Instant createdAt, Instant updatedAt, long version) {

    public boolean isOffboarded() {
        return status == PartnerStatus.OFFBOARDED;
    }
}
