package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.registry.api.RatePlan;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Policy apart from backend: the filter decides what a partner's budget is and asks a limiter to
 * spend from it. One budget per partner, whatever credential it used. Implementations never block
 * the calling (event-loop) thread.
 */
public interface PartnerRateLimiter {

    Mono<RateDecision> tryConsume(UUID partnerId, RatePlan plan, long cost);
}
