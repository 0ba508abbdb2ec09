package io.barberpro.hub.gateway.protect;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One upstream call under a Resilience4j circuit breaker: refused with {@link CallNotPermittedException}
 * while the circuit is open, otherwise its outcome recorded exactly once — completion as a success,
 * an error as a failure (the breaker's own record/ignore rules decide whether it counts), a partner
 * hanging up as neither (the permission is handed back).
 * <p>
 * A single operator on purpose: it sits on every proxied request, and Resilience4j's Reactor operator
 * is a {@code BaseSubscriber} that makes every context lookup of the request chain one step longer.
 */
final class CircuitBreakerGuard extends MonoOperator<Void, Void> {

    private final CircuitBreaker breaker;

    CircuitBreakerGuard(Mono<Void> call, CircuitBreaker breaker) {
        super(call);
        this.breaker = breaker;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        if (!breaker.tryAcquirePermission()) {
            Operators.error(actual, CallNotPermittedException.createCallNotPermittedException(breaker));
            return;
        }
        source.subscribe(new Outcome(actual, breaker));
    }

    private static final class Outcome implements CoreSubscriber<Void>, Subscription {

        private static final AtomicIntegerFieldUpdater<Outcome> RECORDED =
                AtomicIntegerFieldUpdater.newUpdater(Outcome.class, "recorded");

        private final CoreSubscriber<? super Void> actual;
        /**
         * The request chain's context, fixed once subscribed, as Reactor's context-writing subscribers hold theirs:
         * the routing call below looks it up many times, and each lookup would otherwise walk every subscriber
         * back to the start of the request.
         */
        private final Context context;
        private final CircuitBreaker breaker;
        private final long start;
        private Subscription upstream;
        private volatile int recorded;

        Outcome(CoreSubscriber<? super Void> actual, CircuitBreaker breaker) {
            this.actual = actual;
            this.context = actual.currentContext();
            this.breaker = breaker;
            this.start = breaker.getCurrentTimestamp();
        }

        private boolean firstOutcome() {
            return RECORDED.compareAndSet(this, 0, 1);
        }

        private long elapsed() {
            return breaker.getCurrentTimestamp() - start;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.validate(upstream, subscription)) {
                upstream = subscription;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(Void value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            if (firstOutcome()) {
                breaker.onError(elapsed(), breaker.getTimestampUnit(), error);
            }
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            if (firstOutcome()) {
                breaker.onSuccess(elapsed(), breaker.getTimestampUnit());
            }
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (firstOutcome()) {
                breaker.releasePermission();
            }
            upstream.cancel();
        }
    }
}
