package io.barberpro.hub.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code hub.webhooks.attempts{outcome}} counts attempts; {@code hub.webhooks.queue.depth} and
 * {@code hub.webhooks.queue.oldest.age} (seconds) describe pending deliveries. The gauges read
 * values refreshed by {@link #refresh()}, so a scrape never runs SQL (and never on an event loop).
 * {@code hub.webhooks.slow.lane.endpoints} is how many endpoints this node delivers in its slow lane
 * now, {@code hub.webhooks.slow.lane.entries} how often an endpoint was moved there.
 */
public class DeliveryMetrics {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Outcome, Counter> attempts = new EnumMap<>(Outcome.class);
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong slowLaneEndpoints = new AtomicLong();
    private final Counter slowLaneEntries;

    public DeliveryMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            attempts.put(outcome, Counter.builder("hub.webhooks.attempts")
                    .description("Webhook delivery attempts by outcome")
                    .tag("outcome", outcome.name().toLowerCase())
                    .register(registry));
        }
        Gauge.builder("hub.webhooks.queue.depth", depth, AtomicLong::get)
                .description("Deliveries waiting for a successful attempt").register(registry);
        Gauge.builder("hub.webhooks.queue.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Age in seconds of the oldest pending delivery").baseUnit("seconds").register(registry);
        Gauge.builder("hub.webhooks.slow.lane.endpoints", slowLaneEndpoints, AtomicLong::get)
                .description("Endpoints this node delivers in its slow lane").register(registry);
        slowLaneEntries = Counter.builder("hub.webhooks.slow.lane.entries")
                .description("Times an endpoint moved to this node's slow lane").register(registry);
    }

    void attempted(Outcome outcome) {
        attempts.get(outcome).increment();
    }

    void enteredSlowLane() {
        slowLaneEntries.increment();
        slowLaneEndpoints.incrementAndGet();
    }

    void leftSlowLane() {
        slowLaneEndpoints.decrementAndGet();
    }

    /** Reads queue depth and the oldest pending delivery's age; called periodically by the worker pool. */
    public void refresh() {
        try {
            Map<String, Object> row = jdbc.sql("select count(*) as depth, min(created_at) as oldest from webhook_deliveries where status = 'PENDING'")
                    .query().singleRow();
            depth.set(((Number) row.get("depth")).longValue());
            Object oldest = row.get("oldest");
            Instant since = oldest instanceof java.sql.Timestamp t ? t.toInstant() : null;
            oldestAgeSeconds.set(since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toSeconds()));
        } catch (RuntimeException e) {
            log.warn("Could not refresh webhook queue metrics: {}", e.toString());
        }
    }

    public long depth() {
        return depth.get();
    }

    public long oldestAgeSeconds() {
        return oldestAgeSeconds.get();
    }
}
