package io.barberpro.hub.registry.oauth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** OAuth client rows. Joins the caller's transaction (same DataSource). */
public class JdbcOAuthClientRepository {

    private static final String COLUMNS = "client_id, partner_id, secret_sha256, scopes, created_at, revoked_at";

    private final JdbcClient jdbc;

    JdbcOAuthClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OAuthClientRecord client) {
        jdbc.sql("""
                        insert into oauth_clients (client_id, partner_id, secret_sha256, scopes, created_at)
                        values (:id, :partnerId, :hash, string_to_array(:scopes, ' '), :createdAt)""")
                .param("id", client.clientId())
                .param("partnerId", client.partnerId())
                .param("hash", client.secretSha256())
                // scope tokens cannot contain a space (RFC 6749 §3.3), so it is a safe separator
                .param("scopes", String.join(" ", client.scopes()))
                .param("createdAt", Timestamp.from(client.createdAt()))
                .update();
    }

    /** Every client, revoked included, for the credential index. */
    public List<OAuthClientRecord> findAll() {
        return jdbc.sql("select " + COLUMNS + " from oauth_clients").query(JdbcOAuthClientRepository::map).list();
    }

    List<OAuthClientRecord> findByPartner(UUID partnerId) {
        return jdbc.sql("select " + COLUMNS + " from oauth_clients where partner_id = :p order by created_at, client_id")
                .param("p", partnerId).query(JdbcOAuthClientRepository::map).list();
    }

    Optional<OAuthClientRecord> findById(String clientId) {
        return jdbc.sql("select " + COLUMNS + " from oauth_clients where client_id = :id")
                .param("id", clientId).query(JdbcOAuthClientRepository::map).optional();
    }

    /** The client with its partner's status, for the token endpoint. */
    Optional<ClientAndPartner> findWithPartnerStatus(String clientId) {
        return jdbc.sql("select c.client_id, c.partner_id, c.secret_sha256, c.scopes, c.created_at, c.revoked_at,"
                        + " p.status as partner_status from oauth_clients c join partners p on p.id = c.partner_id"
                        + " where c.client_id = :id")
                .param("id", clientId)
                .query((rs, n) -> new ClientAndPartner(map(rs, n), rs.getString("partner_status")))
                .optional();
    }

    record ClientAndPartner(OAuthClientRecord client, String partnerStatus) {
    }

    /** Revokes the partner's unrevoked clients (or just {@code clientId}); returns their ids. */
    List<String> revoke(UUID partnerId, String clientId, Instant now) {
        return jdbc.sql("""
                        update oauth_clients set revoked_at = :now
                        where partner_id = :p and revoked_at is null and (cast(:id as text) is null or client_id = :id)
                        returning client_id""")
                .param("now", Timestamp.from(now))
                .param("p", partnerId)
                .param("id", clientId)
                .query(String.class).list();
    }

    private static OAuthClientRecord map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new OAuthClientRecord(rs.getString("client_id"), rs.getObject("partner_id", UUID.class),
                rs.getBytes("secret_sha256"), Set.of((String[]) scopes.getArray()),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
