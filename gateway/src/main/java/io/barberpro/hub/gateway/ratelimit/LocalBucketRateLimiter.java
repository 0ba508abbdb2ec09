package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.registry.api.RatePlan;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * In-memory buckets, one per partner (lock-free Bucket4j buckets; no thread ever waits). Used alone
 * on a single node and as the fail-open fallback of the Redis limiter, where {@code divisor} is the
 * expected node count so all nodes together stay within the partner's plan.
 */
final class LocalBucketRateLimiter implements PartnerRateLimiter {

    private record Entry(RatePlan plan, Bucket bucket) {
    }

    private final TimeMeter time;
    private final int divisor;
    private final Map<UUID, Entry> buckets = new ConcurrentHashMap<>();

    LocalBucketRateLimiter(TimeMeter time, int divisor) {
        this.time = time;
        this.divisor = divisor;
    }

    @Override
    public Mono<RateDecision> tryConsume(UUID partnerId, RatePlan plan, long cost) {
        return Mono.just(consume(partnerId, plan, cost));
    }

    RateDecision consume(UUID partnerId, RatePlan plan, long cost) {
        Entry entry = buckets.get(partnerId);
        if (entry == null || !entry.plan().equals(plan)) {
            // A changed plan starts a fresh bucket: simpler than carrying tokens across differently sized windows.
            entry = buckets.compute(partnerId,
                    (id, old) -> old != null && old.plan().equals(plan) ? old : new Entry(plan, newBucket(plan)));
        }
        if (plan.hasSpikeLimit()) {
            return BucketPlans.decision(plan, entry.bucket().asVerbose().tryConsumeAndReturnRemaining(cost));
        }
        return BucketPlans.decision(plan, entry.bucket().tryConsumeAndReturnRemaining(cost));
    }

    private Bucket newBucket(RatePlan plan) {
        var builder = Bucket.builder().withCustomTimePrecision(time);
        for (var bandwidth : BucketPlans.configuration(plan, divisor).getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }
}
