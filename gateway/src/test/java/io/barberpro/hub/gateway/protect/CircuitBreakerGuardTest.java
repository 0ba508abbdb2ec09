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
    void theGuardedCallSeesTheRequestsContext() {
        // given a call that reads the request's context, as the routing call does
        Mono<Void> call = Mono.deferContextual(context -> context.<String>get("request-id").equals("r-1")
                ? Mono.<Void>empty() : Mono.<Void>error(new IllegalStateException("context lost")));

        // when it runs guarded, with the context written downstream of the guard
        Mono<Void> guarded = new CircuitBreakerGuard(call, breaker).contextWrite(c -> c.put("request-id", "r-1"));

        // then the call sees it
        StepVerifier.create(guarded).verifyComplete();
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
