package io.barberpro.hub.registry.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The edge's server certificate, issued by the hub CA and kept in PostgreSQL so a restart presents
 * the same certificate. Keyed by the set of names, since nodes may be configured with different ones;
 * re-issued when the CA changed or less than a tenth of its lifetime is left.
 */
final class JdbcServerCertificateStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcServerCertificateStore.class);

    private final JdbcClient jdbc;
    private final PrivateKeySealer sealer;
    private final SecureRandom random;

    JdbcServerCertificateStore(JdbcClient jdbc, PrivateKeySealer sealer, SecureRandom random) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.random = random;
    }

    /** {@code localhost} and {@code 127.0.0.1} first, then the configured names, without duplicates. */
    static List<String> serverNames(List<String> configured) {
        TreeSet<String> extra = new TreeSet<>();
        configured.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).forEach(extra::add);
        extra.remove("localhost");
        extra.remove("127.0.0.1");
        return Stream.concat(Stream.of("localhost", "127.0.0.1"), extra.stream()).toList();
    }

    HubEdgeTlsMaterial loadOrIssue(HubCertificateAuthority ca, List<String> names, Duration validity, Clock clock) {
        String namesKey = String.join(",", names);
        String purpose = "server:" + namesKey;
        Instant now = clock.instant();
        Optional<HubEdgeTlsMaterial> stored = jdbc.sql("""
                        select certificate_pem, sealed_private_key from hub_server_certificates
                        where names_key = :names and ca_fingerprint = :ca and not_after > :renewAfter""")
                .param("names", namesKey)
                .param("ca", ca.fingerprint())
                .param("renewAfter", Timestamp.from(now.plus(validity.dividedBy(10))))
                .query((rs, n) -> material(Pem.parseCertificate(rs.getString(1)),
                        sealer.unseal(rs.getBytes(2), purpose), ca))
                .optional();
        if (stored.isPresent()) {
            return stored.get();
        }
        KeyPair keyPair = HubCertificateAuthority.generateEcKeyPair(random);
        X509Certificate leaf = ca.issueServerCertificate(names,
                SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()), now, validity);
        // concurrent nodes may both issue; the last write wins and both certificates are valid
        jdbc.sql("""
                        insert into hub_server_certificates (names_key, certificate_pem, sealed_private_key,
                            ca_fingerprint, not_after, created_at)
                        values (:names, :pem, :key, :ca, :notAfter, :now)
                        on conflict (names_key) do update set certificate_pem = excluded.certificate_pem,
                            sealed_private_key = excluded.sealed_private_key, ca_fingerprint = excluded.ca_fingerprint,
                            not_after = excluded.not_after, created_at = excluded.created_at""")
                .param("names", namesKey)
                .param("pem", Pem.certificate(leaf))
                .param("key", sealer.seal(keyPair.getPrivate(), purpose))
                .param("ca", ca.fingerprint())
                .param("notAfter", Timestamp.from(leaf.getNotAfter().toInstant()))
                .param("now", Timestamp.from(now))
                .update();
        log.info("Issued the edge server certificate for {} (valid until {})", names, leaf.getNotAfter().toInstant());
        return material(leaf, keyPair.getPrivate(), ca);
    }

    private static HubEdgeTlsMaterial material(X509Certificate leaf, PrivateKey key, HubCertificateAuthority ca) {
        return new HubEdgeTlsMaterial(key, List.of(leaf, ca.certificate()), List.of(ca.certificate()));
    }
}
