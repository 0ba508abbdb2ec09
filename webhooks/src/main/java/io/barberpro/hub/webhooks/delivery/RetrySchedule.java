package io.barberpro.hub.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the next attempt happens. {@code delays.get(n)} is the wait before attempt n+1, so the
 * first entry (normally 0) is the first attempt and the list's length is the number of attempts
 * before the dead letter. Each delay is spread by ±{@code jitter} so that an endpoint coming back
 * is not hit by every retry at the same second; a {@code Retry-After} from a 429/503 wins when it
 * asks for longer, capped so a receiver cannot park a delivery forever.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("A retry schedule needs at least one delay and a jitter in [0, 1)");
        }
    }

    public int maxAttempts() {
        return delays.size();
    }

    /**
     * @param attemptsMade attempts including the one that just failed
     * @param retryAfter   the receiver's {@code Retry-After}, if it sent one with 429/503
     * @param random       uniform in [0, 1), injected so the spread is testable
     * @return the next attempt time, or empty when the schedule is exhausted (dead letter)
     */
    public Optional<Instant> next(int attemptsMade, Instant now, Duration retryAfter, double random) {
        if (attemptsMade >= delays.size()) {
            return Optional.empty();
        }
        Duration delay = jittered(delays.get(attemptsMade), random);
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return Optional.of(now.plus(delay));
    }

    Duration jittered(Duration delay, double random) {
        double factor = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}
