package io.barberpro.hub.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CircuitBreakerGuardTest {

    private final CircuitBreaker breaker = CircuitBreaker.of("upstream", CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1)).build());

    @Test
    void recordsACompletedCallAsASuccess() {
        StepVerifier.create(new CircuitBreakerGuard(Mono.empty(), breaker)).verifyComplete();

        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void recordsAFailedCallAsAFailureAndPassesTheErrorOn() {
        StepVerifier.create(new CircuitBreakerGuard(Mono.error(new IOException("connection reset")), breaker))
                .verifyError(IOException.class);

        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void opensAfterTheFailureRateAndThenRefusesWithoutCallingTheUpstream() {
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(new CircuitBreakerGuard(Mono.error(new IOException("refused")), breaker))
                    .verifyError(IOException.class);
        }
        AtomicInteger calls = new AtomicInteger();

        StepVerifier.create(new CircuitBreakerGuard(Mono.fromRunnable(calls::incrementAndGet), breaker))
                .verifyError(CallNotPermittedException.class);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(calls).hasValue(0);
    }

    @Test
    void aCancelledCallCountsAsNeitherAndHandsItsPermissionBack() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        int permitted = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();

        StepVerifier.create(new CircuitBreakerGuard(Mono.never(), breaker))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
        // every half-open permission is still there: as many calls as permitted get through, the next does not
        for (int i = 0; i < permitted; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
        }
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }
}
