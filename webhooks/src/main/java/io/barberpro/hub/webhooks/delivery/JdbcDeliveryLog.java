package io.barberpro.hub.webhooks.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What happened to a partner's events, and putting failed deliveries back in the queue. Every
 * query is scoped by partner so one partner's ids never reveal another's deliveries.
 */
public class JdbcDeliveryLog {

    /** One row of the attempt log; {@code responseBody} is at most the first KiB. */
    public record AttemptEntry(long id, long deliveryId, UUID eventId, UUID endpointId, int attempt, Instant attemptedAt,
                               String outcome, Integer statusCode, int latencyMillis, String responseBody, String error) {
    }

    public record DeliveryEntry(long id, UUID eventId, String eventType, UUID endpointId, String status, int attempts,
                                Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
                                Instant deliveredAt) {
    }

    private static final String ATTEMPT_COLUMNS = """
            a.id, a.delivery_id, a.event_id, a.endpoint_id, a.attempt, a.attempted_at, a.outcome, a.status_code,
            a.latency_ms, a.response_body, a.error""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcDeliveryLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page (keyset pagination). */
    public List<AttemptEntry> attemptsOfEndpoint(UUID partnerId, UUID endpointId, Long before, int limit) {
        return jdbc.sql("select " + ATTEMPT_COLUMNS + """
                         from webhook_attempts a join webhook_endpoints e on e.id = a.endpoint_id
                        where a.endpoint_id = :endpointId and e.partner_id = :partnerId and a.id < :before
                        order by a.id desc limit :limit""")
                .param("endpointId", endpointId)
                .param("partnerId", partnerId)
                .param("before", before == null ? Long.MAX_VALUE : before)
                .param("limit", limit)
                .query(JdbcDeliveryLog::attempt)
                .list();
    }

    /** Oldest first: the story of one event across every endpoint it went to. */
    public List<AttemptEntry> attemptsOfEvent(UUID partnerId, UUID eventId, Long after, int limit) {
        return jdbc.sql("select " + ATTEMPT_COLUMNS + """
                         from webhook_attempts a join webhook_events ev on ev.id = a.event_id
                        where a.event_id = :eventId and ev.partner_id = :partnerId and a.id > :after
                        order by a.id limit :limit""")
                .param("eventId", eventId)
                .param("partnerId", partnerId)
                .param("after", after == null ? 0L : after)
                .param("limit", limit)
                .query(JdbcDeliveryLog::attempt)
                .list();
    }

    /** Newest first, optionally only one status ({@code PENDING}, {@code DELIVERED}, {@code DEAD}). */
    public List<DeliveryEntry> deliveriesOfEndpoint(UUID partnerId, UUID endpointId, String status, Long before, int limit) {
        return jdbc.sql("""
                        select d.id, d.event_id, ev.type, d.endpoint_id, d.status, d.attempts, d.next_attempt_at,
                               d.last_status_code, d.last_error, d.created_at, d.delivered_at
                        from webhook_deliveries d
                        join webhook_endpoints e on e.id = d.endpoint_id
                        join webhook_events ev on ev.id = d.event_id
                        where d.endpoint_id = :endpointId and e.partner_id = :partnerId and d.id < :before
                          and (cast(:status as text) is null or d.status = :status)
                        order by d.id desc limit :limit""")
                .param("endpointId", endpointId)
                .param("partnerId", partnerId)
                .param("before", before == null ? Long.MAX_VALUE : before)
                .param("status", status)
                .param("limit", limit)
                .query(JdbcDeliveryLog::delivery)
                .list();
    }

    /**
     * Queues one delivery again with a fresh schedule, whatever its state, unless a worker holds it
     * right now. A delivered event is sent again with its original {@code webhook-id}.
     *
     * @return false when there is no such delivery for this partner or it is in flight
     */
    public boolean replay(UUID partnerId, long deliveryId) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update webhook_deliveries d set status = 'PENDING', attempts = 0, next_attempt_at = :now,
                            lease_until = null, lease_token = null, lease_owner = null, delivered_at = null
                        from webhook_endpoints e
                        where d.id = :id and e.id = d.endpoint_id and e.partner_id = :partnerId
                          and (d.lease_until is null or d.lease_until <= :now)""")
                .param("now", Timestamp.from(now))
                .param("id", deliveryId)
                .param("partnerId", partnerId)
                .update() == 1;
    }

    /** Queues again every dead delivery of the endpoint, and hurries every failing one, created since {@code since}. */
    public int replayFailedSince(UUID partnerId, UUID endpointId, Instant since) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update webhook_deliveries d set status = 'PENDING', attempts = 0, next_attempt_at = :now,
                            lease_until = null, lease_token = null, lease_owner = null
                        from webhook_endpoints e
                        where d.endpoint_id = :endpointId and e.id = d.endpoint_id and e.partner_id = :partnerId
                          and d.created_at >= :since
                          and (d.status = 'DEAD' or (d.status = 'PENDING' and d.attempts > 0))
                          and (d.lease_until is null or d.lease_until <= :now)""")
                .param("now", Timestamp.from(now))
                .param("endpointId", endpointId)
                .param("partnerId", partnerId)
                .param("since", Timestamp.from(since))
                .update();
    }

    private static AttemptEntry attempt(ResultSet rs, int n) throws SQLException {
        return new AttemptEntry(rs.getLong("id"), rs.getLong("delivery_id"), rs.getObject("event_id", UUID.class),
                rs.getObject("endpoint_id", UUID.class), rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(),
                rs.getString("outcome"), (Integer) rs.getObject("status_code"), rs.getInt("latency_ms"),
                rs.getString("response_body"), rs.getString("error"));
    }

    private static DeliveryEntry delivery(ResultSet rs, int n) throws SQLException {
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new DeliveryEntry(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("type"),
                rs.getObject("endpoint_id", UUID.class), rs.getString("status"), rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(), (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                delivered == null ? null : delivered.toInstant());
    }
}
