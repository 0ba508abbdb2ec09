package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.api.PartnerClientCa;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Partner client-CA rows. Joins the caller's transaction (same DataSource). */
public class JdbcPartnerClientCaRepository {

    private static final String COLUMNS = "id, partner_id, subject, sha256_fingerprint, not_before, not_after, created_at";

    private final JdbcClient jdbc;

    JdbcPartnerClientCaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when a CA with the same public key is registered */
    void insert(PartnerClientCaRecord record, String publicKeySha256, String certificatePem) {
        jdbc.sql("""
                        insert into partner_client_cas (id, partner_id, subject, sha256_fingerprint, public_key_sha256,
                            certificate_pem, not_before, not_after, created_at)
                        values (:id, :partnerId, :subject, :fingerprint, :publicKey, :pem, :notBefore, :notAfter,
                            :createdAt)""")
                .param("id", record.id())
                .param("partnerId", record.partnerId())
                .param("subject", record.subject())
                .param("fingerprint", record.sha256Fingerprint())
                .param("publicKey", publicKeySha256)
                .param("pem", certificatePem)
                .param("notBefore", Timestamp.from(record.notBefore()))
                .param("notAfter", Timestamp.from(record.notAfter()))
                .param("createdAt", Timestamp.from(record.createdAt()))
                .update();
    }

    List<PartnerClientCaRecord> findByPartner(UUID partnerId) {
        return jdbc.sql("select " + COLUMNS + " from partner_client_cas where partner_id = :p order by created_at, id")
                .param("p", partnerId).query(JdbcPartnerClientCaRepository::map).list();
    }

    Optional<PartnerClientCaRecord> find(UUID partnerId, UUID caId) {
        return jdbc.sql("select " + COLUMNS + " from partner_client_cas where partner_id = :p and id = :id")
                .param("p", partnerId).param("id", caId).query(JdbcPartnerClientCaRepository::map).optional();
    }

    boolean delete(UUID partnerId, UUID caId) {
        return jdbc.sql("delete from partner_client_cas where partner_id = :p and id = :id")
                .param("p", partnerId).param("id", caId).update() == 1;
    }

    /** Every registered CA with its certificate, for the credential index. */
    List<PartnerClientCa> findAllCertificates() {
        return jdbc.sql("select id, partner_id, certificate_pem from partner_client_cas")
                .query((rs, n) -> new PartnerClientCa(rs.getObject("id", UUID.class).toString(),
                        rs.getObject("partner_id", UUID.class), Pem.parseCertificate(rs.getString("certificate_pem"))))
                .list();
    }

    private static PartnerClientCaRecord map(ResultSet rs, int row) throws SQLException {
        return new PartnerClientCaRecord(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class),
                rs.getString("subject"), rs.getString("sha256_fingerprint"),
                JdbcClientCertificateRepository.instant(rs, "not_before"),
                JdbcClientCertificateRepository.instant(rs, "not_after"),
                JdbcClientCertificateRepository.instant(rs, "created_at"));
    }
}
