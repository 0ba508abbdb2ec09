package io.barberpro.hub.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.support.MutableClock;
import io.barberpro.hub.registry.api.RatePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BucketPlansTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void describesPlansInTheIetfStructuredFieldSyntax() {
        RatePlan standard = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);
        RatePlan spiky = new RatePlan("spiky", 50_000, Duration.ofHours(1), 1_000L, Duration.ofMinutes(1));

        assertThat(BucketPlans.policyHeader(standard)).isEqualTo("\"hourly\";q=50000;w=3600");
        assertThat(BucketPlans.policyHeader(spiky)).isEqualTo("\"hourly\";q=50000;w=3600, \"spike\";q=1000;w=60");
    }

    @Test
    void refillsGreedilySoTheWholeQuotaIsNeverBackAtOneInstant() {
        LocalBucketRateLimiter limiter = new LocalBucketRateLimiter(new ClockTimeMeter(clock, () -> 0), 1);
        RatePlan plan = new RatePlan("small", 60, Duration.ofMinutes(1), null, null);
        UUID partner = UUID.randomUUID();
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.consume(partner, plan, 1).allowed()).isTrue();
        }
        RateDecision empty = limiter.consume(partner, plan, 1);

        clock.advance(Duration.ofSeconds(10));
        int admittedAfterTenSeconds = 0;
        while (limiter.consume(partner, plan, 1).allowed()) {
            admittedAfterTenSeconds++;
        }

        assertThat(empty.allowed()).isFalse();
        assertThat(empty.resetSeconds()).isEqualTo(1);
        assertThat(admittedAfterTenSeconds).isEqualTo(10);
    }

    @Test
    void fallbackBucketsHoldTheNodesShareOfTheQuota() {
        LocalBucketRateLimiter fallback = new LocalBucketRateLimiter(new ClockTimeMeter(clock, () -> 0), 4);
        RatePlan plan = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);

        assertThat(fallback.consume(UUID.randomUUID(), plan, 1).remaining()).isEqualTo(12_499);
    }
}
