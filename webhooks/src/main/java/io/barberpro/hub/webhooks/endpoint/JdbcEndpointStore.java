package io.barberpro.hub.webhooks.endpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL for {@code webhook_endpoints} and {@code webhook_endpoint_secrets}. */
class JdbcEndpointStore {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    JdbcEndpointStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID id, UUID partnerId, EndpointRequest request, Instant now) {
        jdbc.sql("""
                        insert into webhook_endpoints (id, partner_id, url, description, event_types, ordered,
                            rate_limit_per_second, custom_headers, created_at, updated_at)
                        values (:id, :partnerId, :url, :description, string_to_array(:eventTypes, ','), :ordered, cast(:rate as integer),
                            cast(:headers as jsonb), :now, :now)""")
                .param("id", id)
                .param("partnerId", partnerId)
                .param("url", request.url())
                .param("description", request.description())
                .param("eventTypes", textArray(request.eventTypes()))
                .param("ordered", Boolean.TRUE.equals(request.ordered()))
                .param("rate", request.rateLimitPerSecond())
                .param("headers", toJson(request.headers()))
                .param("now", ts(now))
                .update();
    }

    void insertSecret(UUID endpointId, String secret, Instant now) {
        jdbc.sql("insert into webhook_endpoint_secrets (id, endpoint_id, secret, created_at) values (:id, :endpointId, :secret, :now)")
                .param("id", UUID.randomUUID())
                .param("endpointId", endpointId)
                .param("secret", secret)
                .param("now", ts(now))
                .update();
    }

    /** Ends the overlap of every currently unexpiring or later-expiring secret at {@code until}. */
    void expireSecrets(UUID endpointId, Instant until) {
        jdbc.sql("""
                        update webhook_endpoint_secrets set expires_at = :until
                        where endpoint_id = :endpointId and (expires_at is null or expires_at > :until)""")
                .param("until", ts(until))
                .param("endpointId", endpointId)
                .update();
    }

    void update(UUID id, EndpointRequest patch, Instant now) {
        jdbc.sql("""
                        update webhook_endpoints set
                            url = coalesce(cast(:url as text), url),
                            description = coalesce(cast(:description as text), description),
                            event_types = coalesce(string_to_array(cast(:eventTypes as text), ','), event_types),
                            ordered = coalesce(cast(:ordered as boolean), ordered),
                            rate_limit_per_second = case when :rateSet then cast(:rate as integer) else rate_limit_per_second end,
                            custom_headers = coalesce(cast(:headers as jsonb), custom_headers),
                            updated_at = :now
                        where id = :id""")
                .param("url", patch.url())
                .param("description", patch.description())
                .param("eventTypes", patch.eventTypes() == null ? null : textArray(patch.eventTypes()))
                .param("ordered", patch.ordered())
                .param("rateSet", patch.rateLimitPerSecond() != null)
                .param("rate", patch.rateLimitPerSecond() == null || patch.rateLimitPerSecond() == 0 ? null : patch.rateLimitPerSecond())
                .param("headers", patch.headers() == null ? null : toJson(patch.headers()))
                .param("now", ts(now))
                .param("id", id)
                .update();
    }

    void enable(UUID id, Instant now) {
        jdbc.sql("update webhook_endpoints set enabled = true, disabled_reason = null, failing_since = null, updated_at = :now where id = :id")
                .param("now", ts(now))
                .param("id", id)
                .update();
    }

    boolean delete(UUID partnerId, UUID id) {
        jdbc.sql("delete from webhook_attempts where endpoint_id = :id").param("id", id).update();
        return jdbc.sql("delete from webhook_endpoints where id = :id and partner_id = :partnerId")
                .param("id", id)
                .param("partnerId", partnerId)
                .update() == 1;
    }

    List<UUID> enabledIds(UUID partnerId) {
        return jdbc.sql("select id from webhook_endpoints where partner_id = :partnerId and enabled")
                .param("partnerId", partnerId)
                .query(UUID.class)
                .list();
    }

    Optional<WebhookEndpoint> find(UUID partnerId, UUID id) {
        return list(partnerId, id, 1, 0).stream().findFirst();
    }

    List<WebhookEndpoint> list(UUID partnerId, int limit, int offset) {
        return list(partnerId, null, limit, offset);
    }

    private List<WebhookEndpoint> list(UUID partnerId, UUID id, int limit, int offset) {
        List<Row> rows = jdbc.sql("""
                        select id, partner_id, url, description, event_types, enabled, disabled_reason, ordered,
                               rate_limit_per_second, custom_headers::text as headers, failing_since, created_at, updated_at
                        from webhook_endpoints
                        where partner_id = :partnerId and (cast(:id as uuid) is null or id = :id)
                        order by created_at, id
                        limit :limit offset :offset""")
                .param("partnerId", partnerId)
                .param("id", id)
                .param("limit", limit)
                .param("offset", offset)
                .query(this::row)
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<WebhookEndpoint.SecretInfo>> secrets = new HashMap<>();
        jdbc.sql("""
                        select id, endpoint_id, secret, created_at, expires_at from webhook_endpoint_secrets
                        where endpoint_id in (:ids) order by created_at, id""")
                .param("ids", rows.stream().map(Row::id).toList())
                .query((rs, n) -> Map.entry(rs.getObject("endpoint_id", UUID.class), new WebhookEndpoint.SecretInfo(
                        rs.getObject("id", UUID.class), prefix(rs.getString("secret")),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")))))
                .list()
                .forEach(e -> secrets.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return rows.stream().map(r -> r.endpoint(secrets.getOrDefault(r.id(), List.of()))).toList();
    }

    private record Row(UUID id, UUID partnerId, String url, String description, List<String> eventTypes, boolean enabled,
                       String disabledReason, boolean ordered, Integer rate, Map<String, String> headers,
                       Instant failingSince, Instant createdAt, Instant updatedAt) {

        WebhookEndpoint endpoint(List<WebhookEndpoint.SecretInfo> secrets) {
            return new WebhookEndpoint(id, partnerId, url, description, eventTypes, enabled, disabledReason, ordered, rate,
                    headers, failingSince, List.copyOf(secrets), createdAt, updatedAt);
        }
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Row(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class), rs.getString("url"),
                rs.getString("description"), types == null ? List.of() : Arrays.asList((String[]) types.getArray()),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getBoolean("ordered"),
                (Integer) rs.getObject("rate_limit_per_second"), fromJson(rs.getString("headers")),
                instant(rs.getTimestamp("failing_since")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** Enough of a secret to tell two apart in a listing, never enough to use it. */
    private static String prefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), 10)) + "…";
    }

    private String toJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers == null ? Map.of() : headers);
        } catch (Exception e) {
            throw new IllegalArgumentException("headers", e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, HEADERS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Event types are validated to contain no comma, so a joined string is an unambiguous array literal. */
    private static String textArray(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
