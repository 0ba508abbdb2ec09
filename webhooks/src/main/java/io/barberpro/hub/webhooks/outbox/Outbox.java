package io.barberpro.hub.webhooks.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox. {@link #append} joins the caller's transaction and refuses to run
 * without one, so an event exists if and only if the change that caused it committed. The
 * delivery rows (one per subscribed, enabled endpoint) are written in the same transaction.
 */
public class Outbox {

    private static final Object WAKE_KEY = new Object();

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();

    public Outbox(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records the event and fans it out to the partner's subscribed endpoints.
     *
     * @return false when an event with this id already exists (idempotent ingestion); nothing is written then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(OutboxEvent event) {
        return insert(event).map(seq -> {
            fanOut(event, seq, null);
            return true;
        }).orElse(false);
    }

    /** Records the event for one endpoint only (the {@code webhook.test} call). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean appendForEndpoint(OutboxEvent event, UUID endpointId) {
        return insert(event).map(seq -> {
            fanOut(event, seq, endpointId);
            return true;
        }).orElse(false);
    }

    /** Runs after every commit that appended an event: in-process workers wake instead of waiting for their poll. */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    private Optional<Long> insert(OutboxEvent event) {
        Optional<Long> seq = jdbc.sql("""
                        insert into webhook_events (id, type, partner_id, payload, occurred_at, recorded_at)
                        values (:id, :type, :partnerId, cast(:payload as jsonb), :occurredAt, :recordedAt)
                        on conflict (id) do nothing
                        returning seq""")
                .param("id", event.id())
                .param("type", event.type())
                .param("partnerId", event.partnerId())
                .param("payload", toJson(event.payload()))
                .param("occurredAt", java.sql.Timestamp.from(event.occurredAt()))
                .param("recordedAt", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional();
        seq.ifPresent(s -> wakeAfterCommit());
        return seq;
    }

    private void fanOut(OutboxEvent event, long seq, UUID onlyEndpoint) {
        Instant now = clock.instant();
        Map<String, Object> params = Map.of(
                "eventId", event.id(), "partnerId", event.partnerId(), "type", event.type(),
                "seq", seq, "now", java.sql.Timestamp.from(now),
                "only", onlyEndpoint == null ? new UUID(0, 0) : onlyEndpoint,
                "anyEndpoint", onlyEndpoint == null);
        // Ordered endpoints take their counter under the endpoint's row lock, which is held until
        // commit: concurrent transactions for one ordered endpoint then number in commit order.
        jdbc.sql("""
                        with ordered as (
                            update webhook_endpoints e set order_counter = order_counter + 1
                            where e.partner_id = :partnerId and e.enabled and e.ordered
                              and (cardinality(e.event_types) = 0 or :type = any(e.event_types))
                              and (cast(:anyEndpoint as boolean) or e.id = cast(:only as uuid))
                            returning e.id, e.order_counter)
                        insert into webhook_deliveries (event_id, endpoint_id, order_seq, status, next_attempt_at, created_at)
                        select cast(:eventId as uuid), o.id, o.order_counter, 'PENDING', cast(:now as timestamptz), cast(:now as timestamptz) from ordered o
                        union all
                        select cast(:eventId as uuid), e.id, cast(:seq as bigint), 'PENDING', cast(:now as timestamptz), cast(:now as timestamptz) from webhook_endpoints e
                        where e.partner_id = :partnerId and e.enabled and not e.ordered
                          and (cardinality(e.event_types) = 0 or :type = any(e.event_types))
                          and (cast(:anyEndpoint as boolean) or e.id = cast(:only as uuid))""")
                .params(params)
                .update();
    }

    private void wakeAfterCommit() {
        if (commitListeners.isEmpty() || TransactionSynchronizationManager.hasResource(WAKE_KEY)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(WAKE_KEY, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_KEY);
                if (status == STATUS_COMMITTED) {
                    commitListeners.forEach(Runnable::run);
                }
            }
        });
    }

    private String toJson(Map<String, Object> payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable as JSON", e);
        }
    }
}
