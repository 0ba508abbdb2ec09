package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.registry.api.RatePlan;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import java.time.Duration;

/**
 * Turns a {@link RatePlan} into Bucket4j bandwidths and limiter answers into {@link RateDecision}s.
 *
 * <p>Refill is <b>greedy</b> (tokens trickle back continuously at quota/window), not interval-based.
 * With interval refill the whole quota comes back at one instant, and in cluster mode each node
 * computes that instant from its own clock: a node a few seconds ahead refills the shared bucket
 * early and a whole extra quota can be spent. With greedy refill a clock difference of Δ can at
 * most add rate·Δ tokens, and the Redis limiter removes even that by putting every node on Redis's
 * clock ({@link RedisBucketRateLimiter}). The bucket starts full, so a partner may use its whole
 * hourly budget at once unless its plan has a spike limit.
 */
final class BucketPlans {

    static final String SPIKE = "spike";

    private BucketPlans() {
    }

    static BucketConfiguration configuration(RatePlan plan, int divisor) {
        var builder = BucketConfiguration.builder()
                .addLimit(bandwidth(policyName(plan), share(plan.quota(), divisor), plan.window()));
        if (plan.hasSpikeLimit()) {
            builder.addLimit(bandwidth(SPIKE, share(plan.spikeQuota(), divisor), plan.spikeWindow()));
        }
        return builder.build();
    }

    private static Bandwidth bandwidth(String id, long quota, Duration window) {
        return Bandwidth.builder().capacity(quota).refillGreedy(quota, window).id(id).build();
    }

    private static long share(long quota, int divisor) {
        return Math.max(1, quota / divisor);
    }

    /** Named by the window so partners can read it: {@code hourly} for 3600 s. */
    static String policyName(RatePlan plan) {
        long seconds = plan.window().toSeconds();
        if (seconds == 3600) {
            return "hourly";
        } else if (seconds == 86_400) {
            return "daily";
        } else if (seconds == 60) {
            return "minutely";
        }
        return "quota";
    }

    /** {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers): a structured-field list. */
    static String policyHeader(RatePlan plan) {
        String header = "\"" + policyName(plan) + "\";q=" + plan.quota() + ";w=" + plan.window().toSeconds();
        if (plan.hasSpikeLimit()) {
            header += ", \"" + SPIKE + "\";q=" + plan.spikeQuota() + ";w=" + plan.spikeWindow().toSeconds();
        }
        return header;
    }

    static RateDecision decision(RatePlan plan, ConsumptionProbe probe) {
        return decision(probe, policyName(plan));
    }

    /** With a spike limit the remaining units reported are those of the tighter policy. */
    static RateDecision decision(RatePlan plan, VerboseResult<ConsumptionProbe> result) {
        long[] perBandwidth = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
        String binding = perBandwidth.length > 1 && perBandwidth[1] < perBandwidth[0] ? SPIKE : policyName(plan);
        return decision(result.getValue(), binding);
    }

    private static RateDecision decision(ConsumptionProbe probe, String binding) {
        if (probe.isConsumed()) {
            return new RateDecision(true, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()),
                    binding, true);
        }
        return new RateDecision(false, 0, Math.max(1, seconds(probe.getNanosToWaitForRefill())), binding, true);
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
