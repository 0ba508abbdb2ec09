package io.barberpro.hub.registry.plan;

import io.barberpro.hub.registry.api.RatePlan;
import java.time.Duration;
import java.time.Instant;

/** A named rate-limit policy as the admin API shows it. */
public record Plan(String name, long quota, long windowSeconds, Long spikeQuota, Long spikeWindowSeconds,
                   String description, Instant createdAt) {

    public RatePlan toRatePlan() {
        return new RatePlan(name, quota, Duration.ofSeconds(windowSeconds), spikeQuota,
                spikeWindowSeconds == null ? null : Duration.ofSeconds(spikeWindowSeconds));
    }
}
