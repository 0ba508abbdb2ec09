package io.barberpro.hub.webhooks.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.barberpro.hub.webhooks.Signatures;
import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Crash safety: a stream of events is delivered by two node JVMs while they are SIGKILLed in turn
 * ({@code chaos.kills}, default 6). Runs against its own schema so no other test's workers take
 * part. PostgreSQL is restarted mid-run only with {@code -Dchaos.restart-postgres=true} (the
 * script's job: the database is shared with other test runs on this machine).
 */
class CrashSafetyIntegrationTest {

    private static final String SCHEMA = "webhooks_chaos";
    /** {@code chaos.jdbc-url}: the script points the drill at a throwaway cluster it may restart. */
    private static final String URL = System.getProperty("chaos.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test")
            + "?currentSchema=" + SCHEMA;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final int WORKERS = 3;
    private static final int SLOW_LANE_WORKERS = 1;
    private static final int BATCH = 20;
    private static final Duration LEASE = Duration.ofSeconds(6);
    /** The live node polls every 100 ms; the rest is its batch in flight on a busy two-core machine. */
    private static final Duration RECLAIM_SLACK = Duration.ofSeconds(10);

    private final int kills = Integer.getInteger("chaos.kills", 6);
    private final int events = Integer.getInteger("chaos.events", 3000);
    private final boolean restartPostgres = Boolean.getBoolean("chaos.restart-postgres");

    @Test
    void everyEventIsDeliveredThroughRepeatedSigkillsWithBoundedDuplicatesAndNoDoubleClaims() throws Exception {
        // given: a fresh schema, one endpoint, a receiver that takes a little time per request
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration/webhooks").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration/webhooks").load().migrate();
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), URL, "postgres", "");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Outbox outbox = new Outbox(jdbc, new ObjectMapper(), Clock.systemUTC());
        WireMockServer receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(32)
                .jettyAcceptors(2));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/chaos")).willReturn(aResponse().withStatus(200).withUniformRandomDelay(100, 400)));
        UUID partner = UUID.randomUUID();
        UUID endpoint = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("insert into webhook_endpoints (id, partner_id, url, created_at, updated_at) values (:id, :p, :url, :now, :now)")
                .param("id", endpoint).param("p", partner).param("url", "http://127.0.0.1:" + receiver.port() + "/chaos")
                .param("now", java.sql.Timestamp.from(now)).update();
        jdbc.sql("insert into webhook_endpoint_secrets (id, endpoint_id, secret, created_at) values (:id, :e, :s, :now)")
                .param("id", UUID.randomUUID()).param("e", endpoint).param("s", SECRET).param("now", java.sql.Timestamp.from(now)).update();

        Set<UUID> produced = ConcurrentHashMap.newKeySet();
        Thread producer = new Thread(() -> produce(outbox, transactions, partner, produced), "chaos-producer");
        Path logs = Files.createTempDirectory("chaos-nodes");
        Node[] nodes = {new Node("node-a", logs), new Node("node-b", logs)};
        List<Instant> killedAt = new ArrayList<>();
        boolean passed = false;
        Map<Long, Instant> orphans = new ConcurrentHashMap<>();
        int orphanings = 0;
        try {
            // when: both nodes deliver while they are killed in turn
            nodes[0].start();
            nodes[1].start();
            producer.start();
            for (int k = 0; k < kills; k++) {
                Node node = nodes[k % 2];
                node.awaitReady();
                nodes[(k + 1) % 2].awaitReady(); // a live worker is there to take over the orphans
                // kill it mid-flight: once it holds leased rows (or when nothing is left to produce)
                Awaitility.await("node busy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> leasedBy(jdbc, node.id) > 0 || !producer.isAlive());
                node.kill();
                killedAt.add(Instant.now());
                List<Map.Entry<Long, Instant>> held = jdbc.sql("""
                                select id, lease_until from webhook_deliveries
                                where lease_owner = :owner and status = 'PENDING' and lease_until > now()""")
                        .param("owner", node.id)
                        .query((rs, n) -> Map.entry(rs.getLong(1), rs.getTimestamp(2).toInstant()))
                        .list();
                // a row can be orphaned twice: reclaimed by the other node, which is killed next
                held.forEach(e -> orphans.merge(e.getKey(), e.getValue(), (a, b) -> a.isAfter(b) ? a : b));
                orphanings += held.size();
                if (restartPostgres && k == kills / 2) {
                    restartPostgres();
                }
                node.start();
            }
            producer.join();
            Instant lastKill = killedAt.get(killedAt.size() - 1);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    jdbc.sql("select count(*) from webhook_deliveries where status = 'DELIVERED'").query(Integer.class).single() == events);
            Duration afterLastKill = Duration.between(lastKill, Instant.now());

            // then: every event has a logged 2xx attempt
            assertThat(produced).hasSize(events);
            assertThat(jdbc.sql("""
                    select count(distinct event_id) from webhook_attempts
                    where outcome = 'DELIVERED' and status_code between 200 and 299""").query(Integer.class).single()).isEqualTo(events);
            // and no delivery was completed by two live workers: one DELIVERED attempt per delivery
            assertThat(jdbc.sql("""
                    select count(*) from (select delivery_id from webhook_attempts where outcome = 'DELIVERED'
                    group by delivery_id having count(*) > 1) twice""").query(Integer.class).single()).isZero();
            // and every request carried a real event's id with a valid signature; duplicates only from kills
            List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/chaos")));
            Map<String, Long> perId = requests.stream().collect(Collectors.groupingBy(r -> r.getHeader("webhook-id"), Collectors.counting()));
            assertThat(perId.keySet().stream().map(UUID::fromString).collect(Collectors.toSet())).isEqualTo(produced);
            assertThat(requests).allMatch(r -> Signatures.verifies(SECRET, r.getHeader("webhook-id"), r.getHeader("webhook-timestamp"),
                    r.getBodyAsString(), r.getHeader("webhook-signature")));
            // and a killed worker's leased rows went to the live node as soon as their lease ended
            Duration latestReclaim = Duration.ZERO;
            for (Map.Entry<Long, Instant> orphan : orphans.entrySet()) {
                Instant delivered = jdbc.sql("select delivered_at from webhook_deliveries where id = :id").param("id", orphan.getKey())
                        .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
                Duration late = Duration.between(orphan.getValue(), delivered);
                latestReclaim = late.compareTo(latestReclaim) > 0 ? late : latestReclaim;
            }
            if (!restartPostgres) {
                assertThat(latestReclaim).isLessThan(RECLAIM_SLACK);
            }
            long duplicates = requests.size() - events;
            // and (without a restart, which fails batches on live nodes too) every duplicate is a row a
            // killed node held: nothing else was ever sent twice
            Set<UUID> orphanEvents = orphans.isEmpty() ? Set.of() : Set.copyOf(jdbc.sql("select event_id from webhook_deliveries where id in (:ids)")
                    .param("ids", orphans.keySet()).query(UUID.class).list());
            if (!restartPostgres) {
                assertThat(perId.entrySet()).filteredOn(e -> e.getValue() > 1)
                        .allMatch(e -> orphanEvents.contains(UUID.fromString(e.getKey())));
                assertThat(duplicates).isLessThanOrEqualTo(orphanings);
            }
            // every loop, regular or slow lane, holds at most one batch when its node dies
            long inFlightBound = (long) (kills + (restartPostgres ? 2 : 0)) * (WORKERS + SLOW_LANE_WORKERS) * BATCH;
            assertThat(duplicates).isLessThanOrEqualTo(inFlightBound);
            System.out.printf("chaos: %d events, %d kills%s, %d requests, %d duplicates (bound %d), %d orphaned leases all"
                            + " delivered at most %d ms after their lease ended (lease %d s), all delivered %d s after the last kill%n",
                    events, kills, restartPostgres ? " + PostgreSQL restart" : "", requests.size(), duplicates, inFlightBound,
                    orphanings, latestReclaim.toMillis(), LEASE.toSeconds(), afterLastKill.toSeconds());
            passed = true;
        } finally {
            for (Node node : nodes) {
                node.kill();
            }
            receiver.stop();
            if (passed) {
                org.springframework.util.FileSystemUtils.deleteRecursively(logs);
            }
        }
    }

    /** Rows the node holds under a running lease: its deliveries in flight. */
    private static int leasedBy(JdbcClient jdbc, String owner) {
        return jdbc.sql("select count(*) from webhook_deliveries where lease_owner = :owner and status = 'PENDING' and lease_until > now()")
                .param("owner", owner).query(Integer.class).single();
    }

    /**
     * Commits batches of events at a fixed rate, so production spans the kills. A batch keeps its ids
     * until it commits: after a PostgreSQL restart a commit may have happened without its answer
     * arriving, and append is idempotent on the id; a failed commit is retried on the next tick.
     */
    private void produce(Outbox outbox, TransactionTemplate transactions, UUID partner, Set<UUID> produced) {
        int perBatch = 20;
        List<List<UUID>> batches = new ArrayList<>();
        for (int sent = 0; sent < events; sent += perBatch) {
            List<UUID> batch = new ArrayList<>();
            for (int i = 0; i < perBatch && sent + i < events; i++) {
                batch.add(UUID.randomUUID());
            }
            batches.add(batch);
        }
        long periodMillis = Math.max(1, (long) (kills * 7_000.0 / batches.size()));
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleWithFixedDelay(() -> {
            int index = next.get();
            if (index == batches.size()) {
                done.countDown();
            } else if (commit(outbox, transactions, partner, batches.get(index))) {
                produced.addAll(batches.get(index));
                next.incrementAndGet();
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticker.shutdownNow();
        }
    }

    private static boolean commit(Outbox outbox, TransactionTemplate transactions, UUID partner, List<UUID> batch) {
        try {
            transactions.executeWithoutResult(tx -> batch.forEach(id ->
                    outbox.append(new OutboxEvent(id, "booking.created", partner, Instant.now(), Map.of("bookingId", id.toString())))));
            return true;
        } catch (RuntimeException databaseDown) {
            return false;
        }
    }

    /** {@code chaos.restart-command} (space-separated), else the machine's own cluster via pg_ctlcluster. */
    private static void restartPostgres() throws IOException, InterruptedException {
        String command = System.getProperty("chaos.restart-command");
        List<String> argv;
        if (command != null && !command.isBlank()) {
            argv = List.of(command.trim().split("\\s+"));
        } else {
            String version = Files.list(Path.of("/etc/postgresql")).findFirst().map(p -> p.getFileName().toString()).orElseThrow();
            argv = List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart");
        }
        // not inheritIO: the restarted postmaster would keep the test JVM's output pipes open after it exits
        Process restart = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(restart.waitFor()).isZero();
        System.out.println("chaos: PostgreSQL restarted");
    }

    /** One delivering JVM; {@link #kill()} is SIGKILL. */
    private final class Node {

        private final String id;
        private final Path log;
        private Process process;

        Node(String id, Path logs) {
            this.id = id;
            this.log = logs.resolve(id + ".log");
        }

        void start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Files.deleteIfExists(log);
            process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), ChaosDeliveryNode.class.getName(),
                    "--spring.datasource.url=" + URL, "--spring.flyway.enabled=false", "--hub.test.fresh-schema=false",
                    "--server.port=0", "--hub.listeners.edge.http-port=-1",
                    "--hub.webhooks.delivery.workers=" + WORKERS, "--hub.webhooks.delivery.slow-lane-workers=" + SLOW_LANE_WORKERS,
                    "--hub.webhooks.delivery.batch-size=" + BATCH,
                    "--hub.webhooks.delivery.lease=" + LEASE.toSeconds() + "s", "--hub.webhooks.delivery.connect-timeout=1s",
                    "--hub.webhooks.delivery.read-timeout=2s", "--hub.webhooks.delivery.worker-id=" + id,
                    "--logging.level.root=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        void awaitReady() {
            Function<Path, Boolean> ready = p -> {
                try {
                    return Files.exists(p) && Files.readString(p).contains(ChaosDeliveryNode.READY);
                } catch (IOException e) {
                    return false;
                }
            };
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ready.apply(log) || !process.isAlive());
            assertThat(process.isAlive()).as("node %s started (log %s)", id, log).isTrue();
        }

        void kill() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
