package io.barberpro.hub.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.webhooks.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** How long an attempt has waited is virtual time; how long an endpoint stays slow is the clock's. */
class SlowEndpointsTest {

    private static final Duration THRESHOLD = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final VirtualTimeScheduler attemptTime = VirtualTimeScheduler.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SlowEndpoints slow = SlowEndpoints.tracking(clock, THRESHOLD, SETTLE, attemptTime,
            new DeliveryMetrics(null, clock, registry));
    private final UUID endpoint = UUID.randomUUID();

    @AfterEach
    void stopTimer() {
        attemptTime.dispose();
    }

    @Test
    void anEndpointIsSlowAsSoonAsAnAttemptToItHasWaitedTheThresholdWithoutAnAnswer() {
        // given
        Disposable attempt = slow.watch(endpoint, Mono.never()).subscribe();

        // when
        attemptTime.advanceTimeBy(THRESHOLD);

        // then: slow while the attempt is still waiting
        assertThat(attempt.isDisposed()).isFalse();
        assertThat(slow.current()).containsExactly(endpoint);
        assertThat(slowLaneEndpoints()).isEqualTo(1);
        assertThat(slowLaneEntries()).isEqualTo(1);
    }

    @Test
    void anEndpointThatAnswersWithinTheThresholdStaysInTheRegularLanes() {
        // given
        Sinks.One<String> answer = Sinks.one();
        slow.watch(endpoint, answer.asMono()).subscribe();
        attemptTime.advanceTimeBy(THRESHOLD.minusMillis(1));

        // when
        answer.tryEmitValue("204");
        attemptTime.advanceTimeBy(Duration.ofHours(1));

        // then
        assertThat(slow.current()).isEmpty();
        assertThat(slowLaneEntries()).isZero();
    }

    @Test
    void aSlowEndpointLeavesOnceTheSettlePeriodHasPassedWithoutAnotherSlowAttempt() {
        // given
        makeSlow();

        // when / then: still slow just before the settle period ends, back in the regular lanes at its end
        clock.advance(SETTLE.minusMillis(1));
        assertThat(slow.current()).containsExactly(endpoint);
        clock.advance(Duration.ofMillis(1));
        assertThat(slow.current()).isEmpty();
        assertThat(slowLaneEndpoints()).isZero();
        assertThat(slowLaneEntries()).isEqualTo(1);
    }

    @Test
    void anotherSlowAttemptRestartsTheSettlePeriodWithoutCountingANewEntry() {
        // given
        makeSlow();
        clock.advance(SETTLE.dividedBy(2));

        // when
        makeSlow();
        clock.advance(SETTLE.dividedBy(2));

        // then: a full settle period after the first slow attempt, but only half after the last
        assertThat(slow.current()).containsExactly(endpoint);
        assertThat(slowLaneEntries()).isEqualTo(1);
        clock.advance(SETTLE.dividedBy(2));
        assertThat(slow.current()).isEmpty();
    }

    @Test
    void aFastAnswerDoesNotEndTheSlowLaneBeforeTheSettlePeriod() {
        // given
        makeSlow();

        // when
        slow.watch(endpoint, Mono.just("204")).subscribe();
        attemptTime.advanceTimeBy(THRESHOLD);

        // then
        assertThat(slow.current()).containsExactly(endpoint);
    }

    @Test
    void aNodeWithoutASlowLaneNeverCountsAnEndpointAsSlow() {
        // given
        SlowEndpoints none = SlowEndpoints.none();

        // when
        none.watch(endpoint, Mono.never()).subscribe();
        attemptTime.advanceTimeBy(Duration.ofHours(1));

        // then
        assertThat(none.current()).isEmpty();
    }

    private void makeSlow() {
        Disposable attempt = slow.watch(endpoint, Mono.never()).subscribe();
        attemptTime.advanceTimeBy(THRESHOLD);
        attempt.dispose();
    }

    private double slowLaneEndpoints() {
        return registry.get("hub.webhooks.slow.lane.endpoints").gauge().value();
    }

    private double slowLaneEntries() {
        return registry.get("hub.webhooks.slow.lane.entries").counter().count();
    }
}
