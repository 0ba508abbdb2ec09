package io.barberpro.hub.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30)), 0.1);

    @Test
    void spreadsEachDelayByAtMostTheJitterEitherWay() {
        // when
        Instant earliest = schedule.next(2, NOW, null, 0.0).orElseThrow();
        Instant middle = schedule.next(2, NOW, null, 0.5).orElseThrow();
        Instant latest = schedule.next(2, NOW, null, 0.999_999).orElseThrow();

        // then: the third attempt is planned 5 minutes out, ±10 %
        assertThat(earliest).isEqualTo(NOW.plus(Duration.ofSeconds(270)));
        assertThat(middle).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(latest).isBetween(NOW.plus(Duration.ofSeconds(329)), NOW.plus(Duration.ofSeconds(330)));
    }

    @Test
    void endsAfterTheLastScheduledAttempt() {
        assertThat(schedule.maxAttempts()).isEqualTo(4);
        assertThat(schedule.next(3, NOW, null, 0.5)).contains(NOW.plus(Duration.ofMinutes(30)));
        assertThat(schedule.next(4, NOW, null, 0.5)).isEmpty();
    }

    @Test
    void honoursALongerRetryAfterButNotAShorterOne() {
        assertThat(schedule.next(1, NOW, Duration.ofMinutes(2), 0.5)).contains(NOW.plus(Duration.ofMinutes(2)));
        assertThat(schedule.next(2, NOW, Duration.ofSeconds(1), 0.5)).contains(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void capsARetryAfterSoAReceiverCannotParkADeliveryForever() {
        assertThat(schedule.next(1, NOW, Duration.ofDays(30), 0.5)).contains(NOW.plus(RetrySchedule.MAX_RETRY_AFTER));
    }
}
