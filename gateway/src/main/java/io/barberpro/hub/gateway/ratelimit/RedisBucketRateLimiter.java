package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.FailureMode;
import io.barberpro.hub.registry.api.RatePlan;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Cluster mode: one bucket per partner in Redis, shared by every gateway node, through Bucket4j's
 * compare-and-swap proxy on Lettuce's asynchronous API (the event loop never waits: the request
 * continues when Redis answers). Concurrent requests of one partner on one node are batched into a
 * single CAS by Bucket4j's batching optimization, which is what keeps CAS retries (and their
 * time-outs) away under bursts.
 *
 * <p><b>Clocks.</b> Bucket4j's CAS mode computes refills with the client's clock. Every node measures
 * the offset of its {@link Clock} to Redis's {@code TIME} (at start, then every
 * {@code clock-calibration-interval}) and runs its buckets on Redis time, so nodes whose clocks are
 * seconds apart still refill on one time line; greedy refill ({@link BucketPlans}) bounds whatever
 * skew remains to rate × residual offset.
 *
 * <p><b>Redis unreachable.</b> Commands fail fast (rejected while disconnected, time-out otherwise);
 * the limiter then marks Redis down, logs one WARN, counts the failure, and for
 * {@code redis-retry-interval} decides without Redis: fail-open → a local bucket holding
 * quota / expected-nodes; fail-closed → refuse (503). Lettuce reconnects in the background and the
 * first successful call after the interval logs the recovery.
 */
final class RedisBucketRateLimiter implements PartnerRateLimiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBucketRateLimiter.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** Idle buckets disappear from Redis once full again plus this margin. */
    private static final Duration KEEP_FULL_BUCKETS = Duration.ofMinutes(1);

    private record Backend(StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> proxies) {
    }

    private record Entry(RatePlan plan, Backend backend, AsyncBucketProxy bucket) {
    }

    private final HubGatewayProperties.RateLimit properties;
    private final Clock clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final LocalBucketRateLimiter fallback;
    private final Counter failures;
    private final Counter degraded;
    private final AtomicLong offsetNanos = new AtomicLong();
    private final ClockTimeMeter time;
    private final Map<UUID, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final Disposable calibration;
    private volatile Backend backend;
    private volatile boolean down;
    /**
     * System.nanoTime(), not the injected clock: retrying a dead connection is about real elapsed time,
     * and a test clock standing still must not keep Redis marked down forever.
     */
    private volatile long retryAtNanos;

    RedisBucketRateLimiter(HubGatewayProperties.RateLimit properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        this.time = new ClockTimeMeter(clock, offsetNanos::get);
        this.fallback = new LocalBucketRateLimiter(new ClockTimeMeter(clock, () -> 0), properties.expectedNodes());
        this.failures = Counter.builder("hub.gateway.ratelimit.redis.failures")
                .description("Rate-limit calls to Redis that failed").register(meters);
        this.degraded = Counter.builder("hub.gateway.ratelimit.degraded")
                .description("Requests decided without Redis by the configured failure mode")
                .tag("mode", properties.redisFailureMode().name().toLowerCase().replace('_', '-'))
                .register(meters);
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(200)))
                .build();
        this.uri = RedisURI.create(properties.redisUri());
        this.uri.setTimeout(properties.redisTimeout());
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(properties.redisTimeout()).build())
                .build());
        this.retryAtNanos = System.nanoTime();
        connectAtStart();
        Duration every = properties.clockCalibrationInterval();
        this.calibration = every.isZero() ? null
                : Flux.interval(every, every, Schedulers.parallel()).subscribe(tick -> calibrate());
    }

    @Override
    public Mono<RateDecision> tryConsume(UUID partnerId, RatePlan plan, long cost) {
        Backend current = backend;
        if (current == null) {
            connectInBackground();
            return degradedDecision(partnerId, plan, cost);
        }
        if (down && System.nanoTime() - retryAtNanos < 0) {
            return degradedDecision(partnerId, plan, cost);
        }
        AsyncBucketProxy bucket = bucket(current, partnerId, plan);
        CompletableFuture<RateDecision> answer = plan.hasSpikeLimit()
                ? bucket.asVerbose().tryConsumeAndReturnRemaining(cost)
                        .thenApply((VerboseResult<ConsumptionProbe> r) -> BucketPlans.decision(plan, r))
                : bucket.tryConsumeAndReturnRemaining(cost).thenApply(p -> BucketPlans.decision(plan, p));
        return Mono.fromFuture(answer, true)
                .doOnNext(decision -> markUp())
                .onErrorResume(e -> {
                    markDown(e);
                    return degradedDecision(partnerId, plan, cost);
                });
    }

    private AsyncBucketProxy bucket(Backend current, UUID partnerId, RatePlan plan) {
        Entry entry = buckets.get(partnerId);
        if (entry == null || entry.backend() != current || !entry.plan().equals(plan)) {
            // The plan is part of the key: a plan change starts a fresh shared bucket on every node at once.
            String key = properties.keyPrefix() + partnerId + ':' + plan.quota() + '/' + plan.window().toSeconds()
                    + (plan.hasSpikeLimit() ? "+" + plan.spikeQuota() + '/' + plan.spikeWindow().toSeconds() : "");
            var configuration = BucketPlans.configuration(plan, 1);
            entry = new Entry(plan, current, current.proxies().builder()
                    .withOptimization(Optimizations.batching())
                    .build(key, () -> CompletableFuture.completedFuture(configuration)));
            buckets.put(partnerId, entry);
        }
        return entry.bucket();
    }

    private Mono<RateDecision> degradedDecision(UUID partnerId, RatePlan plan, long cost) {
        degraded.increment();
        if (properties.redisFailureMode() == FailureMode.FAIL_CLOSED) {
            return Mono.just(RateDecision.unavailable(BucketPlans.policyName(plan)));
        }
        return Mono.just(fallback.consume(partnerId, plan, cost));
    }

    private void markDown(Throwable cause) {
        failures.increment();
        retryAtNanos = System.nanoTime() + properties.redisRetryInterval().toNanos();
        if (!down) {
            down = true;
            log.warn("Redis rate limiting unavailable ({}); deciding {} until it answers again", cause.toString(),
                    properties.redisFailureMode() == FailureMode.FAIL_OPEN
                            ? "with local buckets of quota/" + properties.expectedNodes() : "to refuse requests");
        }
    }

    private void markUp() {
        if (down) {
            down = false;
            log.info("Redis rate limiting recovered");
        }
    }

    private void connectAtStart() {
        try {
            Backend connected = backendFor(client.connect(CODEC, uri));
            backend = connected;
            calibrateNow(connected);
        } catch (RuntimeException e) {
            markDown(e);
        }
    }

    /** Only needed when Redis was down at start; once connected, Lettuce reconnects by itself. */
    private void connectInBackground() {
        if (System.nanoTime() - retryAtNanos < 0 || !connecting.compareAndSet(false, true)) {
            return;
        }
        retryAtNanos = System.nanoTime() + properties.redisRetryInterval().toNanos();
        client.connectAsync(CODEC, uri).whenComplete((connection, error) -> {
            connecting.set(false);
            if (error != null) {
                markDown(error);
            } else {
                backend = backendFor(connection);
                calibrate();
            }
        });
    }

    private Backend backendFor(StatefulRedisConnection<String, byte[]> connection) {
        // No Bucket4j requestTimeout: it is CompletableFuture#orTimeout, whose cancel on every answer takes
        // the JDK delayer's lock on Lettuce's event loop (BlockHound caught the park). Lettuce's own command
        // time-out (TimeoutOptions above) bounds each command on Netty's lock-free wheel timer instead.
        AsyncProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .clientClock(time)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS))
                .build()
                .asAsync();
        return new Backend(connection, proxies);
    }

    private void calibrateNow(Backend connected) {
        try {
            measureOffset(connected).get(properties.redisTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Cannot read Redis time; buckets run on this node's clock until the next calibration: {}",
                    e.toString());
        }
    }

    private void calibrate() {
        Backend current = backend;
        if (current != null && current.connection().isOpen()) {
            measureOffset(current).exceptionally(e -> null);
        }
    }

    /** Offset = Redis time − this node's clock at the midpoint of the round trip. */
    private CompletableFuture<Void> measureOffset(Backend current) {
        long before = ClockTimeMeter.nanos(clock.instant());
        return current.connection().async().time().toCompletableFuture().thenAccept((List<byte[]> reply) -> {
            long after = ClockTimeMeter.nanos(clock.instant());
            long seconds = Long.parseLong(new String(reply.get(0), StandardCharsets.US_ASCII));
            long micros = Long.parseLong(new String(reply.get(1), StandardCharsets.US_ASCII));
            long redisNanos = seconds * 1_000_000_000L + micros * 1_000L;
            offsetNanos.set(redisNanos - (before + (after - before) / 2));
        });
    }

    /** This node's clock offset to Redis, for tests and diagnostics. */
    long offsetNanos() {
        return offsetNanos.get();
    }

    @Override
    public void close() {
        if (calibration != null) {
            calibration.dispose();
        }
        Backend current = backend;
        if (current != null) {
            current.connection().close();
        }
        client.shutdown();
        resources.shutdown();
    }
}
