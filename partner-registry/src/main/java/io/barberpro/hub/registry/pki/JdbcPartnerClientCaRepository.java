package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Partner client-CA rows, their published CRLs and CRL sources. Joins the caller's transaction (same DataSource). */
public class JdbcPartnerClientCaRepository {

    private static final String COLUMNS = """
            ca.id, ca.partner_id, ca.subject, ca.sha256_fingerprint, ca.not_before, ca.not_after, ca.created_at,
            ca.crl_url, ca.crl_checked_at, ca.crl_check_error,
            crl.crl_number, crl.this_update, crl.next_update, crl.revoked_count, crl.published_at""";
    private static final String FROM = " from partner_client_cas ca left join partner_client_ca_crls crl on crl.ca_id = ca.id";

    /** The ordering facts of the CRL currently published for a CA. */
    record PublishedCrl(BigInteger crlNumber, Instant thisUpdate, byte[] der) {
    }

    /** A CA whose revocation list this node claimed to fetch. */
    public record DueCrlSource(UUID caId, UUID partnerId, URI url) {
    }

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
        return jdbc.sql("select " + COLUMNS + FROM + " where ca.partner_id = :p order by ca.created_at, ca.id")
                .param("p", partnerId).query(JdbcPartnerClientCaRepository::map).list();
    }

    Optional<PartnerClientCaRecord> find(UUID partnerId, UUID caId) {
        return jdbc.sql("select " + COLUMNS + FROM + " where ca.partner_id = :p and ca.id = :id")
                .param("p", partnerId).param("id", caId).query(JdbcPartnerClientCaRepository::map).optional();
    }

    /** The CA's certificate, its row locked until the transaction ends so CRL publications of one CA queue up. */
    Optional<X509Certificate> lockCertificate(UUID partnerId, UUID caId) {
        return jdbc.sql("select certificate_pem from partner_client_cas where partner_id = :p and id = :id for update")
                .param("p", partnerId).param("id", caId)
                .query((rs, n) -> Pem.parseCertificate(rs.getString("certificate_pem"))).optional();
    }

    boolean delete(UUID partnerId, UUID caId) {
        return jdbc.sql("delete from partner_client_cas where partner_id = :p and id = :id")
                .param("p", partnerId).param("id", caId).update() == 1;
    }

    Optional<PublishedCrl> findCrl(UUID caId) {
        return jdbc.sql("select crl_number, this_update, crl_der from partner_client_ca_crls where ca_id = :id")
                .param("id", caId)
                .query((rs, n) -> new PublishedCrl(bigInteger(rs, "crl_number"),
                        JdbcClientCertificateRepository.instant(rs, "this_update"), rs.getBytes("crl_der")))
                .optional();
    }

    void saveCrl(UUID caId, ClientCaCrlInspector.InspectedCrl crl, Instant publishedAt) {
        jdbc.sql("""
                        insert into partner_client_ca_crls (ca_id, crl_der, crl_number, this_update, next_update,
                            revoked_count, published_at)
                        values (:id, :der, :number, :thisUpdate, :nextUpdate, :revoked, :publishedAt)
                        on conflict (ca_id) do update set crl_der = excluded.crl_der, crl_number = excluded.crl_number,
                            this_update = excluded.this_update, next_update = excluded.next_update,
                            revoked_count = excluded.revoked_count, published_at = excluded.published_at""")
                .param("id", caId)
                .param("der", crl.der())
                .param("number", crl.crlNumber() == null ? null : new BigDecimal(crl.crlNumber()))
                .param("thisUpdate", Timestamp.from(crl.thisUpdate()))
                .param("nextUpdate", Timestamp.from(crl.nextUpdate()))
                .param("revoked", crl.revoked().size())
                .param("publishedAt", Timestamp.from(publishedAt))
                .update();
    }

    boolean deleteCrl(UUID caId) {
        return jdbc.sql("delete from partner_client_ca_crls where ca_id = :id").param("id", caId).update() == 1;
    }

    void setCrlSource(UUID caId, URI url, Instant checkedAt) {
        jdbc.sql("update partner_client_cas set crl_url = :url, crl_checked_at = :at, crl_check_error = null where id = :id")
                .param("id", caId).param("url", url.toString()).param("at", Timestamp.from(checkedAt)).update();
    }

    boolean clearCrlSource(UUID caId) {
        return jdbc.sql("""
                        update partner_client_cas set crl_url = null, crl_checked_at = null, crl_check_error = null
                        where id = :id and crl_url is not null""")
                .param("id", caId).update() == 1;
    }

    /**
     * Marks every CA whose list is due as checked now and returns them, in one statement: a node that runs it
     * at the same time waits for the row locks, then finds the rows no longer due, so one node fetches each.
     * Due means last checked at or before {@code dueBefore}, or, while the published list is past its
     * nextUpdate, at or before {@code staleRetryBefore}.
     */
    List<DueCrlSource> claimDueCrlSources(Instant now, Instant dueBefore, Instant staleRetryBefore) {
        return jdbc.sql("""
                        update partner_client_cas ca set crl_checked_at = :now
                        where ca.crl_url is not null
                          and (ca.crl_checked_at is null or ca.crl_checked_at <= :due
                               or (ca.crl_checked_at <= :retry and exists (select 1 from partner_client_ca_crls crl
                                   where crl.ca_id = ca.id and crl.next_update < :now)))
                        returning ca.id, ca.partner_id, ca.crl_url""")
                .param("now", Timestamp.from(now)).param("due", Timestamp.from(dueBefore))
                .param("retry", Timestamp.from(staleRetryBefore))
                .query((rs, n) -> new DueCrlSource(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class),
                        URI.create(rs.getString("crl_url"))))
                .list();
    }

    /** The outcome of the last fetch: null when it published the list or found it unchanged. */
    void recordCrlCheck(UUID caId, String error) {
        jdbc.sql("update partner_client_cas set crl_check_error = :error where id = :id")
                .param("id", caId).param("error", error).update();
    }

    /** Every registered CA with its certificate and revocation list, for the credential index. */
    List<PartnerClientCa> findAllCertificates() {
        return jdbc.sql("""
                        select ca.id, ca.partner_id, ca.certificate_pem, crl.crl_der, crl.this_update, crl.next_update
                        from partner_client_cas ca left join partner_client_ca_crls crl on crl.ca_id = ca.id""")
                .query((rs, n) -> {
                    byte[] der = rs.getBytes("crl_der");
                    ClientCaCrl crl = der == null ? null
                            : new ClientCaCrl(JdbcClientCertificateRepository.instant(rs, "this_update"),
                            JdbcClientCertificateRepository.instant(rs, "next_update"),
                            ClientCaCrlInspector.revokedSerials(der));
                    return new PartnerClientCa(rs.getObject("id", UUID.class).toString(),
                            rs.getObject("partner_id", UUID.class), Pem.parseCertificate(rs.getString("certificate_pem")),
                            crl);
                })
                .list();
    }

    private static PartnerClientCaRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp published = rs.getTimestamp("published_at");
        ClientCaCrlRecord crl = published == null ? null : new ClientCaCrlRecord(
                Optional.ofNullable(bigInteger(rs, "crl_number")).map(BigInteger::toString).orElse(null),
                JdbcClientCertificateRepository.instant(rs, "this_update"),
                JdbcClientCertificateRepository.instant(rs, "next_update"),
                rs.getInt("revoked_count"), published.toInstant());
        String crlUrl = rs.getString("crl_url");
        ClientCaCrlSourceRecord crlSource = crlUrl == null ? null : new ClientCaCrlSourceRecord(URI.create(crlUrl),
                JdbcClientCertificateRepository.instant(rs, "crl_checked_at"), rs.getString("crl_check_error"));
        return new PartnerClientCaRecord(rs.getObject("id", UUID.class), rs.getObject("partner_id", UUID.class),
                rs.getString("subject"), rs.getString("sha256_fingerprint"),
                JdbcClientCertificateRepository.instant(rs, "not_before"),
                JdbcClientCertificateRepository.instant(rs, "not_after"),
                JdbcClientCertificateRepository.instant(rs, "created_at"), crl, crlSource);
    }

    private static BigInteger bigInteger(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }
}
