package io.barberpro.hub.webhooks.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The endpoints that answered slowly on this node lately, whose rows the {@link Lane#SLOW slow lane}
 * delivers. An attempt still unanswered after {@code threshold} marks its endpoint slow right then,
 * not when it ends: the other regular loops stop claiming the endpoint's rows while that first slow
 * attempt still waits (a hanging receiver would otherwise catch every loop until its timeout). The
 * endpoint leaves once {@code settle} has passed on the clock without another slow attempt; a single
 * fast answer does not bring it back, so an endpoint that is slow now and then does not flap between
 * lanes, holding a regular batch up each time it comes back. Each node learns from its own attempts
 * only; nothing is shared or kept across a restart.
 */
public class SlowEndpoints {

    private static final Logger log = LoggerFactory.getLogger(SlowEndpoints.class);

    private final boolean tracking;
    private final Clock clock;
    private final Duration threshold;
    private final Duration settle;
    private final Scheduler timer;
    private final DeliveryMetrics metrics;
    private final Map<UUID, Instant> slowUntil = new ConcurrentHashMap<>();

    private SlowEndpoints(boolean tracking, Clock clock, Duration threshold, Duration settle, Scheduler timer,
                          DeliveryMetrics metrics) {
        this.tracking = tracking;
        this.clock = clock;
        this.threshold = threshold;
        this.settle = settle;
        this.timer = timer;
        this.metrics = metrics;
    }

    /** @param timer measures how long an attempt has been waiting (the clock only says for how long an endpoint stays slow) */
    public static SlowEndpoints tracking(Clock clock, Duration threshold, Duration settle, Scheduler timer, DeliveryMetrics metrics) {
        return new SlowEndpoints(true, clock, threshold, settle, timer, metrics);
    }

    /** For a node without a slow lane: nothing is ever slow, so its regular loops claim every endpoint's rows. */
    public static SlowEndpoints none() {
        return new SlowEndpoints(false, null, null, null, null, null);
    }

    /** The attempt, watched from subscription to its end: if it lasts {@code threshold}, its endpoint is slow. */
    <T> Mono<T> watch(UUID endpointId, Mono<T> attempt) {
        if (!tracking) {
            return attempt;
        }
        return Mono.defer(() -> {
            Disposable alarm = timer.schedule(() -> markSlow(endpointId), threshold.toNanos(), TimeUnit.NANOSECONDS);
            return attempt.doFinally(signal -> alarm.dispose());
        });
    }

    /** The endpoints slow now; those whose settle period has ended leave the slow lane here. */
    Set<UUID> current() {
        if (!tracking) {
            return Set.of();
        }
        Instant now = clock.instant();
        slowUntil.forEach((endpointId, until) -> {
            // a concurrent slow attempt may have just renewed the entry; only the stale one is removed
            if (!until.isAfter(now) && slowUntil.remove(endpointId, until)) {
                metrics.leftSlowLane();
                log.info("Webhook endpoint {} had no attempt slower than {} for {}: back in the regular delivery lanes",
                        endpointId, threshold, settle);
            }
        });
        return Set.copyOf(slowUntil.keySet());
    }

    private void markSlow(UUID endpointId) {
        if (slowUntil.put(endpointId, clock.instant().plus(settle)) == null) {
            metrics.enteredSlowLane();
            log.warn("Webhook endpoint {} took longer than {} to answer: its deliveries move to the slow lane on this node",
                    endpointId, threshold);
        }
    }
}
