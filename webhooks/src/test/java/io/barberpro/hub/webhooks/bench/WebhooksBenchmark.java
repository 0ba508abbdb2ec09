package io.barberpro.hub.webhooks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.webhooks.Signatures;
import io.barberpro.hub.webhooks.endpoint.EndpointRequest;
import io.barberpro.hub.webhooks.endpoint.EndpointService;
import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code bench/webhooks.sh}: signed deliveries per second from the outbox to a local receiver on
 * the PostgreSQL of this machine (every attempt logged), then commit-to-receipt latency at a fixed
 * offered rate. Not a test (no {@code *Test} suffix); runs only with {@code -Dbench.webhooks=true}.
 */
class WebhooksBenchmark {

    private static final double TARGET_THROUGHPUT = 1_500;
    private static final double DB_SCHEDULER_LOW = 2_000;
    private static final double DB_SCHEDULER_HIGH = 10_000;
    private static final double TARGET_P99_MILLIS = 500;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BenchHub {
    }

    private final int seconds = Integer.getInteger("bench.duration", 60);
    private final int rate = Integer.getInteger("bench.rate", 1_000);
    private final int workers = Integer.getInteger("bench.workers", 4);
    private final int batch = Integer.getInteger("bench.batch", 100);

    private final Map<String, Long> receivedAtNanos = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();

    @Test
    void run() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench.webhooks"), "run through bench/webhooks.sh");
        String schema = "webhooks_bench";
        ConfigurableApplicationContext hub = new SpringApplication(BenchHub.class).run(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                "--spring.datasource.hikari.maximum-pool-size=" + (workers + 4),
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--hub.test.fresh-schema=true", "--spring.flyway.clean-disabled=false",
                "--server.port=0", "--hub.listeners.edge.http-port=-1",
                "--hub.webhooks.delivery.workers=" + workers, "--hub.webhooks.delivery.batch-size=" + batch,
                "--hub.webhooks.delivery.poll-interval=50ms", "--logging.level.root=warn");
        List<String> secret = new ArrayList<>();
        DisposableServer receiver = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
                    String id = request.requestHeaders().get("webhook-id");
                    receivedAtNanos.putIfAbsent(id, System.nanoTime());
                    if (received.incrementAndGet() % 97 == 0 && !Signatures.verifies(secret.get(0), id,
                            request.requestHeaders().get("webhook-timestamp"), body, request.requestHeaders().get("webhook-signature"))) {
                        badSignatures.incrementAndGet();
                    }
                    return response.status(204).send().then();
                }).then(Mono.empty()))
                .bindNow();
        try {
            Outbox outbox = hub.getBean(Outbox.class);
            TransactionTemplate transactions = hub.getBean(TransactionTemplate.class);
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            UUID partner = UUID.randomUUID();
            EndpointService.Created endpoint = hub.getBean(EndpointService.class).create(partner, new EndpointRequest(
                    "http://127.0.0.1:" + receiver.port() + "/webhooks", "bench receiver", null, null, null, null, null));
            secret.add(endpoint.secret());

            double throughput = throughput(outbox, transactions, jdbc, partner);
            long[] latencies = latency(outbox, transactions, jdbc, partner);

            long p50 = percentile(latencies, 50);
            long p99 = percentile(latencies, 99);
            System.out.printf("%nwebhooks bench (%d s per phase, %d workers x batch %d, PostgreSQL 127.0.0.1, receiver in-process)%n",
                    seconds, workers, batch);
            System.out.printf("throughput: %,.0f signed deliveries/s sustained, each with its attempt row%n", throughput);
            System.out.printf("  = %.2fx the 1,500/s target; %.2fx-%.2fx db-scheduler's published 2,000-10,000 executions/s%n",
                    throughput / TARGET_THROUGHPUT, throughput / DB_SCHEDULER_HIGH, throughput / DB_SCHEDULER_LOW);
            System.out.printf("latency at %,d events/s offered: commit-to-receipt p50 %d ms, p99 %d ms over %,d events%n",
                    rate, p50, p99, latencies.length);
            System.out.printf("  = p99 is %.2fx the 500 ms target (below 1 is better)%n", p99 / TARGET_P99_MILLIS);
            System.out.printf("signature spot checks failed: %d%n", badSignatures.get());
            assertThat(badSignatures.get()).isZero();
        } finally {
            receiver.disposeNow();
            hub.close();
        }
    }

    /** Keeps a backlog in the outbox and counts what the receiver gets per second after a warm-up. */
    private double throughput(Outbox outbox, TransactionTemplate transactions, JdbcClient jdbc, UUID partner) throws InterruptedException {
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            while (producing.get()) {
                int pending = jdbc.sql("select count(*) from webhook_deliveries where status = 'PENDING'").query(Integer.class).single();
                if (pending < 20_000) {
                    commit(outbox, transactions, partner, 1_000, null);
                } else {
                    sleep(50);
                }
            }
        }, "bench-backlog");
        producer.start();
        sleep(Math.min(10, Math.max(2, seconds / 6)) * 1_000L);
        long startCount = received.get();
        long start = System.nanoTime();
        sleep(seconds * 1_000L);
        long delivered = received.get() - startCount;
        double elapsed = (System.nanoTime() - start) / 1e9;
        producing.set(false);
        producer.join();
        // drain the backlog so the latency phase starts from an empty queue
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline
                && jdbc.sql("select count(*) from webhook_deliveries where status = 'PENDING'").query(Integer.class).single() > 0) {
            sleep(200);
        }
        return delivered / elapsed;
    }

    /** Commits events at {@code rate}/s in small transactions and measures commit-to-receipt per event. */
    private long[] latency(Outbox outbox, TransactionTemplate transactions, JdbcClient jdbc, UUID partner) {
        Map<String, Long> committedAtNanos = new ConcurrentHashMap<>();
        int perTick = Math.max(1, rate / 100);
        long tickNanos = Duration.ofMillis(10).toNanos();
        long start = System.nanoTime();
        long ticks = seconds * 100L;
        for (long tick = 0; tick < ticks; tick++) {
            long due = start + tick * tickNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            commit(outbox, transactions, partner, perTick, committedAtNanos);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && !receivedAtNanos.keySet().containsAll(committedAtNanos.keySet())) {
            sleep(100);
        }
        return committedAtNanos.entrySet().stream()
                .filter(e -> receivedAtNanos.containsKey(e.getKey()))
                .mapToLong(e -> Duration.ofNanos(receivedAtNanos.get(e.getKey()) - e.getValue()).toMillis())
                .sorted().toArray();
    }

    private static void commit(Outbox outbox, TransactionTemplate transactions, UUID partner, int count, Map<String, Long> committedAt) {
        List<UUID> ids = new ArrayList<>(count);
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                outbox.append(new OutboxEvent(id, "booking.created", partner, Instant.now(), booking(id)));
            }
        });
        if (committedAt != null) {
            long now = System.nanoTime();
            ids.forEach(id -> committedAt.put(id.toString(), now));
        }
    }

    private static Map<String, Object> booking(UUID id) {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("bookingId", id.toString());
        booking.put("providerId", "barberia-don-julio-palermo");
        booking.put("serviceId", "corte-y-barba");
        booking.put("start", "2026-12-02T15:30:00-03:00");
        booking.put("priceArs", 18500);
        booking.put("status", "confirmed");
        booking.put("customer", Map.of("name", "Martina Gómez", "email", "martina@example.com"));
        return booking;
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
