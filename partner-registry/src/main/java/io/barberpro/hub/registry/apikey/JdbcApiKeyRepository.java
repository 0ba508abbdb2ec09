package io.barberpro.hub.registry.apikey;

import io.barberpro.hub.registry.support.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

public class JdbcApiKeyRepository {

    private final JdbcClient jdbc;

    public JdbcApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKey key, byte[] sha256) {
        jdbc.sql("""
                        insert into api_keys (id, partner_id, prefix, key_hash, scopes, description, created_at, expires_at)
                        values (?, ?, ?, ?, ?::text[], ?, ?, ?)""")
                .params(key.id(), key.partnerId(), key.prefix(), sha256, Sql.textArray(key.scopes()), key.description(),
                        Sql.timestamp(key.createdAt()), Sql.timestamp(key.expiresAt()))
                .update();
    }

    public boolean prefixExists(String prefix) {
        return jdbc.sql("select count(*) from api_keys where prefix = ?").param(prefix).query(Long.class).single() > 0;
    }

    public List<ApiKey> byPartner(UUID partnerId) {
        return jdbc.sql("select * from api_keys where partner_id = ? order by created_at, id").param(partnerId)
                .query(JdbcApiKeyRepository::apiKey).list();
    }

    /** @return whether an unrevoked key of this partner was revoked now */
    public boolean revoke(UUID partnerId, UUID keyId, Instant at, String reason) {
        return jdbc.sql("update api_keys set revoked_at = ?, revoked_reason = ? where id = ? and partner_id = ? and revoked_at is null")
                .params(Sql.timestamp(at), reason, keyId, partnerId).update() == 1;
    }

    /** @return ids of the keys revoked now */
    public List<UUID> revokeAll(UUID partnerId, Instant at, String reason) {
        return jdbc.sql("update api_keys set revoked_at = ?, revoked_reason = ? where partner_id = ? and revoked_at is null returning id")
                .params(Sql.timestamp(at), reason, partnerId).query(UUID.class).list();
    }

    static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class), rs.getString("prefix"),
                Sql.strings(rs, "scopes"), rs.getString("description"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"), Sql.instant(rs, "revoked_at"));
    }
}
