package io.barberpro.hub.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.FailureMode;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.Mode;
import io.barberpro.hub.gateway.support.BlockHoundSupport;
import io.barberpro.hub.gateway.support.RedisServerProcess;
import io.barberpro.hub.registry.api.RatePlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Cluster mode against real Redis: two limiter instances (two gateway nodes) on the shared Redis at
 * 127.0.0.1:6379 under a unique key prefix, and a private redis-server for the failure cases.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisBucketRateLimiterIntegrationTest {

    static {
        BlockHoundSupport.install();
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final String prefix = "hub:rl:test:" + UUID.randomUUID() + ":";

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        assertThat(BlockHoundSupport.drain()).as("blocking calls on non-blocking threads").isEmpty();
    }

    private RedisBucketRateLimiter limiter(String uri, Clock clock, FailureMode mode, int expectedNodes,
                                           SimpleMeterRegistry meters) {
        var properties = new HubGatewayProperties.RateLimit(Mode.REDIS, URI.create(uri), prefix,
                Duration.ofMillis(250), mode, Duration.ofMillis(500), expectedNodes, Duration.ofSeconds(10));
        RedisBucketRateLimiter limiter = new RedisBucketRateLimiter(properties, clock, meters);
        closeables.add(limiter);
        return limiter;
    }

    @ParameterizedTest(name = "clock skew between the nodes: ±{0} s")
    @ValueSource(ints = {0, 2})
    void twoNodesAtTwiceTheRateAdmitNoMoreThanCapacityPlusRefillAndAtLeast99PercentOfIt(int skewSeconds) {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(skewSeconds));
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-skewSeconds));
        RedisBucketRateLimiter nodeA = limiter("redis://127.0.0.1:6379", ahead, FailureMode.FAIL_CLOSED, 2,
                new SimpleMeterRegistry());
        RedisBucketRateLimiter nodeB = limiter("redis://127.0.0.1:6379", behind, FailureMode.FAIL_CLOSED, 2,
                new SimpleMeterRegistry());
        // 200 per 10 s: capacity 200, refill 20/s. Over 5 s the bound is 200 + 20 * 5 = 300; send 600.
        RatePlan plan = new RatePlan("cluster", 200, Duration.ofSeconds(10), null, null);
        UUID partner = UUID.randomUUID();
        int requests = 600;
        long periodNanos = Duration.ofSeconds(5).toNanos() / requests;
        long[] firstAndLast = new long[2];

        List<RateDecision> decisions = Flux.interval(Duration.ofNanos(periodNanos), Schedulers.parallel())
                .take(requests)
                .flatMap(i -> {
                    long now = System.nanoTime();
                    if (i == 0) {
                        firstAndLast[0] = now;
                    }
                    firstAndLast[1] = now;
                    return (i % 2 == 0 ? nodeA : nodeB).tryConsume(partner, plan, 1);
                }, 64)
                .collectList()
                .block(Duration.ofSeconds(30));

        double elapsedSeconds = (firstAndLast[1] - firstAndLast[0]) / 1e9;
        double bound = 200 + 20 * elapsedSeconds;
        long admitted = decisions.stream().filter(RateDecision::allowed).count();
        assertThat(decisions).allMatch(RateDecision::limiterAvailable);
        assertThat(admitted).as("admitted of bound %.1f", bound).isLessThanOrEqualTo((long) Math.floor(bound) + 1);
        assertThat((double) admitted).as("admitted of bound %.1f", bound).isGreaterThanOrEqualTo(0.99 * bound);
        assertThat(Math.abs(nodeA.offsetNanos() + nodeB.offsetNanos()))
                .as("both nodes calibrated onto Redis time").isLessThan(Duration.ofMillis(50).toNanos());
    }

    /**
     * Waves of 200 simultaneous requests of one partner: every one gets a decision from Redis (none lost to a
     * compare-and-swap time-out) and the hour's budget is charged exactly once per request. How long the
     * limiter takes is a benchmark figure, not an assertion here: {@code bench/ratelimit.sh}.
     */
    @Test
    void twoHundredConcurrentRequestsOfOnePartnerAreEachDecidedAndChargedOnceWithoutCasTimeouts() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // time stands still: at 50,000 an hour a token comes back every 72 ms, which would blur the exact counts
        Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        RedisBucketRateLimiter limiter = limiter("redis://127.0.0.1:6379", frozen, FailureMode.FAIL_CLOSED, 1, meters);
        RatePlan plan = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);
        UUID partner = UUID.randomUUID();

        List<RateDecision> decisions = new ArrayList<>();
        for (int wave = 0; wave < 10; wave++) {
            decisions.addAll(Flux.range(0, 200)
                    .flatMap(i -> Mono.defer(() -> limiter.tryConsume(partner, plan, 1))
                            .subscribeOn(Schedulers.parallel()), 200)
                    .collectList()
                    .block(Duration.ofSeconds(10)));
        }

        assertThat(decisions).hasSize(2_000)
                .allSatisfy(decision -> assertThat(decision.limiterAvailable()).as("decided by Redis").isTrue())
                .allSatisfy(decision -> assertThat(decision.allowed()).isTrue());
        assertThat(meters.counter("hub.gateway.ratelimit.redis.failures").count()).isZero();
        assertThat(decisions.stream().mapToLong(RateDecision::remaining).min().orElseThrow())
                .as("lowest remaining after 2,000 admissions").isEqualTo(48_000);
        assertThat(decisions.stream().mapToLong(RateDecision::remaining).distinct().count())
                .as("each admission saw its own remaining count").isEqualTo(2_000);
        assertThat(limiter.tryConsume(partner, plan, 1).block().remaining()).isEqualTo(47_999);
    }

    @Test
    void redisStoppingSwitchesToTheFailureModeWithinASecondAndRecoversWithinFive() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            SimpleMeterRegistry openMeters = new SimpleMeterRegistry();
            RedisBucketRateLimiter failOpen = limiter(redis.uri(), Clock.systemUTC(), FailureMode.FAIL_OPEN, 2, openMeters);
            RedisBucketRateLimiter failClosed = limiter(redis.uri(), Clock.systemUTC(), FailureMode.FAIL_CLOSED, 2,
                    new SimpleMeterRegistry());
            RatePlan plan = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);
            UUID partner = UUID.randomUUID();
            assertThat(failOpen.tryConsume(partner, plan, 1).block().remaining()).isEqualTo(49_999);

            redis.stop();
            long stopped = System.nanoTime();
            RateDecision open = awaitDecision(failOpen, partner, plan, d -> d.remaining() < 25_000, Duration.ofSeconds(1));
            RateDecision closed = awaitDecision(failClosed, partner, plan, d -> !d.limiterAvailable(), Duration.ofSeconds(1));
            assertThat(System.nanoTime() - stopped).isLessThan(Duration.ofSeconds(1).toNanos());
            // fail-open: the local fallback holds quota / expected nodes
            assertThat(open.allowed()).isTrue();
            assertThat(open.remaining()).isEqualTo(24_999);
            assertThat(closed.allowed()).isFalse();
            assertThat(openMeters.counter("hub.gateway.ratelimit.redis.failures").count()).isPositive();

            redis.start();
            long restarted = System.nanoTime();
            awaitDecision(failOpen, partner, plan, d -> d.remaining() > 40_000, Duration.ofSeconds(5));
            awaitDecision(failClosed, partner, plan, RateDecision::limiterAvailable, Duration.ofSeconds(5));
            assertThat(System.nanoTime() - restarted).isLessThan(Duration.ofSeconds(5).toNanos());
        }
    }

    private static RateDecision awaitDecision(PartnerRateLimiter limiter, UUID partner, RatePlan plan,
                                              java.util.function.Predicate<RateDecision> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        RateDecision last = null;
        while (System.nanoTime() < deadline) {
            last = limiter.tryConsume(partner, plan, 1).block(Duration.ofSeconds(2));
            if (last != null && wanted.test(last)) {
                return last;
            }
            Mono.delay(Duration.ofMillis(20)).block();
        }
        throw new AssertionError("no wanted decision within " + within + "; last: " + last);
    }
}
