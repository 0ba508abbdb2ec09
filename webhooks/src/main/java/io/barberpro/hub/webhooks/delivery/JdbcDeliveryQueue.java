package io.barberpro.hub.webhooks.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The delivery queue is the {@code webhook_deliveries} table: workers on any node claim due rows
 * with {@code FOR UPDATE SKIP LOCKED} and stamp them with a lease; a row whose lease has passed is
 * due again, which is how a crashed worker's rows come back.
 */
public class JdbcDeliveryQueue {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper json;

    public JdbcDeliveryQueue(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /**
     * Claims up to {@code limit} due rows of the lane: {@link Lane#SLOW} only rows of
     * {@code slowEndpoints}, {@link Lane#REGULAR} only rows of the others. For an ordered endpoint only
     * its lowest pending {@code order_seq} is eligible, so the next event waits until the previous one
     * is delivered or dead.
     */
    List<Claim> claim(Lane lane, Set<UUID> slowEndpoints, int limit, Instant now, Instant leaseUntil, UUID token, String owner) {
        return jdbc.sql("""
                        with due as (
                            select d.id from webhook_deliveries d
                            join webhook_endpoints e on e.id = d.endpoint_id
                            where d.status = 'PENDING' and d.next_attempt_at <= :now
                              and (d.lease_until is null or d.lease_until <= :now)
                              and e.enabled
                              and (d.endpoint_id = any(:slowEndpoints)) = :slowLane
                              and (not e.ordered or not exists (
                                    select 1 from webhook_deliveries p
                                    where p.endpoint_id = d.endpoint_id and p.status = 'PENDING'
                                      and p.order_seq < d.order_seq))
                            order by d.next_attempt_at, d.id
                            limit :limit
                            for no key update of d skip locked)
                        update webhook_deliveries d set lease_until = :leaseUntil, lease_token = :token, lease_owner = :owner
                        from due where d.id = due.id
                        returning d.id, d.event_id, d.endpoint_id, d.attempts, d.lease_token""")
                .param("now", ts(now))
                .param("slowEndpoints", new SqlArrayValue("uuid", slowEndpoints.toArray()))
                .param("slowLane", lane == Lane.SLOW)
                .param("limit", limit)
                .param("leaseUntil", ts(leaseUntil))
                .param("token", token)
                .param("owner", owner)
                .query(JdbcDeliveryQueue::claimRow)
                .list();
    }

    /** Leases the delivery of one event to one endpoint right away (inside the transaction that created it). */
    public Optional<Claim> claimNow(UUID eventId, UUID endpointId, Instant leaseUntil, UUID token, String owner) {
        return jdbc.sql("""
                        update webhook_deliveries set lease_until = :leaseUntil, lease_token = :token, lease_owner = :owner
                        where event_id = :eventId and endpoint_id = :endpointId and status = 'PENDING'
                        returning id, event_id, endpoint_id, attempts, lease_token""")
                .param("leaseUntil", ts(leaseUntil))
                .param("token", token)
                .param("eventId", eventId)
                .param("endpointId", endpointId)
                .param("owner", owner)
                .query(JdbcDeliveryQueue::claimRow)
                .optional();
    }

    Map<UUID, StoredEvent> events(Collection<UUID> ids) {
        Map<UUID, StoredEvent> events = new HashMap<>();
        jdbc.sql("select id, type, occurred_at, payload::text as payload from webhook_events where id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> new StoredEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload")))
                .list()
                .forEach(e -> events.put(e.id(), e));
        return events;
    }

    Map<UUID, Target> targets(Collection<UUID> endpointIds, Instant now) {
        Map<UUID, List<String>> secrets = new HashMap<>();
        jdbc.sql("""
                        select endpoint_id, secret from webhook_endpoint_secrets
                        where endpoint_id in (:ids) and (expires_at is null or expires_at > :now)
                        order by created_at desc, id""")
                .param("ids", endpointIds)
                .param("now", ts(now))
                .query((rs, n) -> Map.entry(rs.getObject("endpoint_id", UUID.class), rs.getString("secret")))
                .list()
                .forEach(e -> secrets.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<UUID, Target> targets = new HashMap<>();
        jdbc.sql("select id, url, custom_headers::text as headers, rate_limit_per_second from webhook_endpoints where id in (:ids)")
                .param("ids", endpointIds)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Target(id, URI.create(rs.getString("url")), headers(rs.getString("headers")),
                            (Integer) rs.getObject("rate_limit_per_second"), List.copyOf(secrets.getOrDefault(id, List.of())));
                })
                .list()
                .forEach(t -> targets.put(t.endpointId(), t));
        return targets;
    }

    /**
     * One token of the endpoint's per-second budget, shared by every worker on every node because
     * it lives in the endpoint's row: a fixed window keyed by the clock's epoch second.
     */
    boolean takeRateToken(UUID endpointId, long epochSecond) {
        return jdbc.sql("""
                        update webhook_endpoints
                        set rate_count = case when rate_window = :second then rate_count + 1 else 1 end,
                            rate_window = :second
                        where id = :id and (rate_window is distinct from :second or rate_count < rate_limit_per_second)""")
                .param("second", epochSecond)
                .param("id", endpointId)
                .update() == 1;
    }

    /** Gives a claimed row back without counting an attempt (rate limit reached, endpoint gone missing). */
    void release(List<Claim> claims, Instant nextAttemptAt) {
        template.batchUpdate("""
                        update webhook_deliveries set lease_until = null, lease_token = null, lease_owner = null, next_attempt_at = ?
                        where id = ? and lease_token = ?""",
                claims.stream().map(c -> new Object[] {ts(nextAttemptAt), c.deliveryId(), c.leaseToken()}).toList());
    }

    /** One attempt's effect on its row and the log; must run in the same transaction for the whole batch. */
    record Recorded(Claim claim, Outcome outcome, Instant attemptedAt, Instant nextAttemptAt,
                    WebhookHttpClient.Response response, String worker) {
    }

    void record(List<Recorded> results) {
        List<Object[]> delivered = new ArrayList<>();
        List<Object[]> retry = new ArrayList<>();
        List<Object[]> dead = new ArrayList<>();
        List<Object[]> attempts = new ArrayList<>();
        for (Recorded r : results) {
            Claim c = r.claim();
            WebhookHttpClient.Response resp = r.response();
            Integer status = resp.status() == 0 ? null : resp.status();
            switch (r.outcome()) {
                case DELIVERED -> delivered.add(new Object[] {status, ts(r.attemptedAt()), c.deliveryId(), c.leaseToken()});
                case FAILED -> retry.add(new Object[] {ts(r.nextAttemptAt()), status, resp.error(), c.deliveryId(), c.leaseToken()});
                case DEAD, GONE -> dead.add(new Object[] {status, resp.error(), c.deliveryId(), c.leaseToken()});
            }
            attempts.add(new Object[] {c.deliveryId(), c.eventId(), c.endpointId(), c.attempts() + 1, ts(r.attemptedAt()),
                    r.outcome().name(), status, (int) Math.min(Integer.MAX_VALUE, resp.latencyMillis()),
                    resp.bodyHead(), resp.error(), r.worker(), c.deliveryId(), c.leaseToken()});
        }
        // Logged first, and only while this worker still holds the lease: a worker that stalled past its
        // lease (GC pause, SIGSTOP) lost the row to another claim, and its late result must not become a
        // second attempt of record nor move the row (the updates below are guarded the same way).
        template.batchUpdate("""
                insert into webhook_attempts (delivery_id, event_id, endpoint_id, attempt, attempted_at, outcome,
                    status_code, latency_ms, response_body, error, worker)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                where exists (select 1 from webhook_deliveries where id = ? and lease_token = ?)""", attempts);
        if (!delivered.isEmpty()) {
            template.batchUpdate("""
                    update webhook_deliveries set status = 'DELIVERED', attempts = attempts + 1, last_status_code = ?,
                        last_error = null, delivered_at = ?, lease_until = null, lease_token = null, lease_owner = null
                    where id = ? and lease_token = ?""", delivered);
        }
        if (!retry.isEmpty()) {
            template.batchUpdate("""
                    update webhook_deliveries set attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?,
                        last_error = ?, lease_until = null, lease_token = null, lease_owner = null
                    where id = ? and lease_token = ?""", retry);
        }
        if (!dead.isEmpty()) {
            template.batchUpdate("""
                    update webhook_deliveries set status = 'DEAD', attempts = attempts + 1, last_status_code = ?,
                        last_error = ?, lease_until = null, lease_token = null, lease_owner = null
                    where id = ? and lease_token = ?""", dead);
        }
    }

    void markHealthy(Collection<UUID> endpointIds) {
        jdbc.sql("update webhook_endpoints set failing_since = null where id in (:ids) and failing_since is not null")
                .param("ids", endpointIds)
                .update();
    }

    /** @return since when the endpoint has been failing without a success */
    Instant markFailing(UUID endpointId, Instant now) {
        return jdbc.sql("update webhook_endpoints set failing_since = coalesce(failing_since, :now) where id = :id returning failing_since")
                .param("now", ts(now))
                .param("id", endpointId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional()
                .orElse(now);
    }

    private Map<String, String> headers(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, HEADERS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Claim claimRow(ResultSet rs, int n) throws SQLException {
        return new Claim(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                rs.getInt("attempts"), rs.getObject("lease_token", UUID.class));
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
