package io.barberpro.hub.registry.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log of admin changes. {@link #record} joins the caller's transaction, so an entry
 * exists if and only if its change committed. Snapshots are scrubbed of any member whose name
 * looks like a secret, as a second line of defence behind callers that pass secret-free views.
 */
public class JdbcAuditLog {

    private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "token", "privatekey", "pkcs12",
            "apikey", "key_hash", "keyhash");

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public JdbcAuditLog(JdbcClient jdbc, ObjectMapper objectMapper, Clock clock) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * @param before the target as it was ({@code null} for a creation); any object Jackson can write
     * @param after  the target as it is now ({@code null} for a deletion)
     */
    public void record(Actor actor, String action, String targetType, String targetId, UUID partnerId,
                       Object before, Object after) {
        jdbc.sql("""
                        insert into audit_log (occurred_at, actor, action, target_type, target_id, partner_id,
                                               before, after, request_id)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""")
                .params(Timestamp.from(clock.instant()), actor.name(), action, targetType, targetId, partnerId,
                        json(before), json(after), actor.requestId())
                .update();
    }

    /** Newest first; {@code beforeId} is the keyset cursor (exclusive), {@code null} for the first page. */
    public List<AuditEntry> page(UUID partnerId, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where true");
        List<Object> params = new ArrayList<>();
        if (partnerId != null) {
            sql.append(" and partner_id = ?");
            params.add(partnerId);
        }
        if (beforeId != null) {
            sql.append(" and id < ?");
            params.add(beforeId);
        }
        sql.append(" order by id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("partner_id", UUID.class), parse(rs.getString("before")), parse(rs.getString("after")),
                rs.getString("request_id"));
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = objectMapper.valueToTree(value);
        scrub(tree);
        try {
            return objectMapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit snapshot is not serialisable", e);
        }
    }

    private JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log holds invalid JSON", e);
        }
    }

    static void scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (looksSecret(names.next())) {
                    names.remove();
                }
            }
            object.forEach(JdbcAuditLog::scrub);
        } else if (node != null && node.isArray()) {
            node.forEach(JdbcAuditLog::scrub);
        }
    }

    private static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
