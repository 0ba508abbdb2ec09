package io.barberpro.hub.gateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Bucket4j's time from the injected {@link Clock} (so tests drive rate windows without sleeping),
 * plus an offset: in Redis mode each node adds its measured offset to Redis's clock, so all nodes
 * refill the shared buckets on one time line even when their own clocks disagree.
 */
final class ClockTimeMeter implements TimeMeter {

    private final Clock clock;
    private final LongSupplier offsetNanos;

    ClockTimeMeter(Clock clock, LongSupplier offsetNanos) {
        this.clock = clock;
        this.offsetNanos = offsetNanos;
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public long currentTimeNanos() {
        return nanos(clock.instant()) + offsetNanos.getAsLong();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
