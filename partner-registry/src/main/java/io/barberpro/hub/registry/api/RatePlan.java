package io.barberpro.hub.registry.api;

import java.time.Duration;

/**
 * A named rate-limit policy. {@code quota} requests per {@code window} (the default plan
 * {@code standard}: 50,000 per hour); optionally a short-window spike limit so the hour cannot be
 * spent in one burst; {@code null} spike fields mean "no spike limit".
 */
public record RatePlan(String name, long quota, Duration window, Long spikeQuota, Duration spikeWindow) {

    public RatePlan {
        if (quota <= 0 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("quota and window must be positive");
        }
        if ((spikeQuota == null) != (spikeWindow == null)) {
            throw new IllegalArgumentException("spike quota and spike window go together");
        }
    }

    public boolean hasSpikeLimit() {
        return spikeQuota != null;
    }
}
