package io.barberpro.hub.registry.pki;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Client certificate rows. Joins the caller's transaction (same DataSource). */
public class JdbcClientCertificateRepository {

    private static final String COLUMNS = """
            id, partner_id, serial_hex, sha256_fingerprint, subject, not_before, not_after, key_generated,
            created_at, revoked_at, revocation_reason""";

    private final JdbcClient jdbc;

    JdbcClientCertificateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ClientCertificateRecord record, String certificatePem) {
        jdbc.sql("""
                        insert into client_certificates (id, partner_id, serial_hex, sha256_fingerprint, subject,
                            certificate_pem, key_generated, not_before, not_after, created_at)
                        values (:id, :partnerId, :serial, :fingerprint, :subject, :pem, :keyGenerated, :notBefore,
                            :notAfter, :createdAt)""")
                .param("id", record.id())
                .param("partnerId", record.partnerId())
                .param("serial", record.serialHex())
                .param("fingerprint", record.sha256Fingerprint())
                .param("subject", record.subject())
                .param("pem", certificatePem)
                .param("keyGenerated", record.keyGenerated())
                .param("notBefore", Timestamp.from(record.notBefore()))
                .param("notAfter", Timestamp.from(record.notAfter()))
                .param("createdAt", Timestamp.from(record.createdAt()))
                .update();
    }

    /** Every certificate ever issued, revoked ones included, for the credential index. */
    public List<ClientCertificateRecord> findAll() {
        return jdbc.sql("select " + COLUMNS + " from client_certificates").query(JdbcClientCertificateRepository::map).list();
    }

    List<ClientCertificateRecord> findByPartner(UUID partnerId) {
        return jdbc.sql("select " + COLUMNS + " from client_certificates where partner_id = :p order by created_at, id")
                .param("p", partnerId).query(JdbcClientCertificateRepository::map).list();
    }

    Optional<ClientCertificateRecord> findByFingerprint(String sha256Fingerprint) {
        return jdbc.sql("select " + COLUMNS + " from client_certificates where sha256_fingerprint = :f")
                .param("f", sha256Fingerprint).query(JdbcClientCertificateRepository::map).optional();
    }

    /** Revokes the partner's unrevoked certificates (or just {@code certificateId}); returns their ids. */
    List<UUID> revoke(UUID partnerId, UUID certificateId, String reason, Instant now) {
        return jdbc.sql("""
                        update client_certificates set revoked_at = :now, revocation_reason = :reason
                        where partner_id = :p and revoked_at is null and (cast(:id as uuid) is null or id = :id)
                        returning id""")
                .param("now", Timestamp.from(now))
                .param("reason", reason)
                .param("p", partnerId)
                .param("id", certificateId)
                .query(UUID.class).list();
    }

    private static ClientCertificateRecord map(ResultSet rs, int row) throws SQLException {
        return new ClientCertificateRecord(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class),
                rs.getString("serial_hex"), rs.getString("sha256_fingerprint"), rs.getString("subject"),
                instant(rs, "not_before"), instant(rs, "not_after"), rs.getBoolean("key_generated"),
                instant(rs, "created_at"), instant(rs, "revoked_at"), rs.getString("revocation_reason"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
