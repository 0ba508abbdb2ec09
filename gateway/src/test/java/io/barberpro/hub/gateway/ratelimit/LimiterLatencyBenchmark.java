package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.FailureMode;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.Mode;
import io.barberpro.hub.registry.api.RatePlan;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issue 3's limiter figure, run by {@code bench/ratelimit.sh}: what the cluster-mode limiter adds at p99 for
 * 200 simultaneous requests of one partner, against the anchor of a plain Redis round trip (PING) at the same
 * concurrency over the same kind of connection. Each round measures limiter, PING and the local limiter side by
 * side; the figures are the medians of the rounds. A benchmark, not a test: on this shared 2-core machine a
 * timed assertion would fail on noise, so the test suite asserts the behaviour (every request decided, none
 * lost to a compare-and-swap time-out) and this prints the speed.
 *
 * <p>Arguments (all optional): Redis URI, measured rounds, warm-up rounds, waves per round, concurrency.
 */
public final class LimiterLatencyBenchmark {

    private static final long TARGET_NANOS = Duration.ofMillis(1).toNanos();

    private LimiterLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String redisUri = arg(args, 0, "redis://127.0.0.1:6379");
        int rounds = Integer.parseInt(arg(args, 1, "7"));
        int warmupRounds = Integer.parseInt(arg(args, 2, "5"));
        int waves = Integer.parseInt(arg(args, 3, "10"));
        int concurrency = Integer.parseInt(arg(args, 4, "200"));
        if ((long) waves * concurrency > 50_000) {
            throw new IllegalArgumentException("a round must fit in the default plan's 50,000 per hour");
        }

        var properties = new HubGatewayProperties.RateLimit(Mode.REDIS, URI.create(redisUri),
                "hub:rl:bench:" + UUID.randomUUID() + ":", Duration.ofMillis(250), FailureMode.FAIL_CLOSED,
                Duration.ofMillis(500), 1, Duration.ofSeconds(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisClient pingClient = RedisClient.create(redisUri);
        try (RedisBucketRateLimiter redis = new RedisBucketRateLimiter(properties, Clock.systemUTC(), meters);
             StatefulRedisConnection<String, String> ping = pingClient.connect()) {
            // The default plan; a new partner each round, so no round exhausts the hour and every measured call
            // is a compare-and-swap that admits.
            RatePlan plan = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);
            AtomicReference<UUID> partner = new AtomicReference<>();
            LocalBucketRateLimiter local = new LocalBucketRateLimiter(new ClockTimeMeter(Clock.systemUTC(), () -> 0), 1);
            AtomicLong undecided = new AtomicLong();
            Supplier<Mono<Void>> limiterCall = () -> redis.tryConsume(partner.get(), plan, 1).doOnNext(decision -> {
                if (!decision.limiterAvailable() || !decision.allowed()) {
                    undecided.incrementAndGet();
                }
            }).then();
            Supplier<Mono<Void>> pingCall = () -> Mono.fromCompletionStage(ping.async().ping()).then();
            Supplier<Mono<Void>> localCall = () -> local.tryConsume(partner.get(), plan, 1).then();

            System.out.printf("limiter latency: %d concurrent requests of one partner, %d waves per figure, "
                    + "%d warm-up + %d measured rounds%n", concurrency, waves, warmupRounds, rounds);
            System.out.println("round  limiter p99 ms  PING p99 ms  local p99 ms  added p99 ms  added/1ms  limiter/PING");
            double[] added = new double[rounds];
            double[] perPing = new double[rounds];
            double[] limiterMs = new double[rounds];
            double[] pingMs = new double[rounds];
            double[] localMs = new double[rounds];
            for (int round = -warmupRounds; round < rounds; round++) {
                partner.set(UUID.randomUUID());
                long limiterP99 = p99(waves(limiterCall, waves, concurrency));
                long pingP99 = p99(waves(pingCall, waves, concurrency));
                long localP99 = p99(waves(localCall, waves, concurrency));
                if (round < 0) {
                    continue;
                }
                limiterMs[round] = limiterP99 / 1e6;
                pingMs[round] = pingP99 / 1e6;
                localMs[round] = localP99 / 1e6;
                added[round] = (limiterP99 - pingP99) / 1e6;
                perPing[round] = (double) limiterP99 / pingP99;
                System.out.printf("%5d  %14.3f  %11.3f  %12.3f  %12.3f  %9.2f  %12.2f%n", round + 1, limiterMs[round],
                        pingMs[round], localMs[round], added[round], added[round] * 1e6 / TARGET_NANOS, perPing[round]);
            }
            System.out.printf("median %14.3f  %11.3f  %12.3f  %12.3f  %9.2f  %12.2f%n", median(limiterMs),
                    median(pingMs), median(localMs), median(added), median(added) * 1e6 / TARGET_NANOS, median(perPing));
            System.out.printf("target: added p99 <= 1 ms, i.e. added/1ms <= 1.00 -> %s%n",
                    median(added) * 1e6 <= TARGET_NANOS ? "met" : "MISSED");
            double failures = meters.counter("hub.gateway.ratelimit.redis.failures").count();
            System.out.printf("refused or unavailable decisions (compare-and-swap time-outs): %d; redis failures: %.0f%n",
                    undecided.get(), failures);
            if (undecided.get() > 0 || failures > 0) {
                System.exit(1);
            }
        } finally {
            pingClient.shutdown();
        }
    }

    private static List<Long> waves(Supplier<Mono<Void>> call, int waves, int concurrency) {
        List<Long> latencies = new ArrayList<>(waves * concurrency);
        for (int wave = 0; wave < waves; wave++) {
            List<Long> wavesLatencies = Flux.range(0, concurrency)
                    .flatMap(i -> Mono.defer(() -> {
                        long start = System.nanoTime();
                        return call.get().then(Mono.fromSupplier(() -> System.nanoTime() - start));
                    }).subscribeOn(Schedulers.parallel()), concurrency)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            latencies.addAll(wavesLatencies);
        }
        return latencies;
    }

    private static long p99(List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }
}
