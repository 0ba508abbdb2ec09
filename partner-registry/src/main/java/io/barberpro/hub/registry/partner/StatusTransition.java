package io.barberpro.hub.registry.partner;

import io.barberpro.hub.registry.api.PartnerStatus;
import java.time.Instant;

/** One recorded lifecycle step; {@code from} is {@code null} for the partner's creation. */
public record StatusTransition(long id, PartnerStatus from, PartnerStatus to, String actor, String reason,
                               Instant at) {
}
