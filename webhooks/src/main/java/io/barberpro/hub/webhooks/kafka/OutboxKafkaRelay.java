package io.barberpro.hub.webhooks.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes every outbox event to the events topic, keyed by partner id, at least once: rows are
 * locked ({@code SKIP LOCKED}, so several nodes share the work), sent, acknowledged by the broker,
 * and only then marked published in the same transaction. A crash between the broker's ack and
 * the commit publishes the batch again; consumers deduplicate on {@code id}.
 */
public class OutboxKafkaRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxKafkaRelay.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final Clock clock;
    private final String topic;
    private final int batchSize;
    private final Duration interval;
    private volatile boolean running;
    private Thread thread;

    public OutboxKafkaRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                            ObjectMapper json, Clock clock, String topic, int batchSize, Duration interval) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.json = json;
        this.clock = clock;
        this.topic = topic;
        this.batchSize = batchSize;
        this.interval = interval;
    }

    /** @return events published in this round */
    public int relayOnce() {
        Integer published = transactions.execute(tx -> {
            List<Map<String, Object>> rows = jdbc.sql("""
                            select id, type, partner_id, payload::text as payload, occurred_at from webhook_events
                            where published_to_kafka_at is null
                            order by seq limit :limit
                            for no key update skip locked""")
                    .param("limit", batchSize)
                    .query().listOfRows();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                ids.add((UUID) row.get("id"));
                sends.add(kafka.send(topic, row.get("partner_id").toString(), message(row)));
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the batch; it stays unpublished", e);
            }
            jdbc.sql("update webhook_events set published_to_kafka_at = :now where id in (:ids)")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("ids", ids)
                    .update();
            return rows.size();
        });
        return published == null ? 0 : published;
    }

    private String message(Map<String, Object> row) {
        try {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", row.get("id").toString());
            message.put("type", row.get("type"));
            message.put("partnerId", row.get("partner_id").toString());
            message.put("occurredAt", ((Timestamp) row.get("occurred_at")).toInstant().toString());
            message.put("data", json.readTree((String) row.get("payload")));
            return json.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException("Stored payloads are JSON", e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "webhooks-kafka-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            int published;
            try {
                published = relayOnce();
            } catch (RuntimeException e) {
                log.warn("Outbox relay round failed, retrying: {}", e.toString());
                published = 0;
            }
            if (published == 0) {
                synchronized (this) {
                    try {
                        wait(interval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        notifyAll();
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
