package io.barberpro.hub.registry.pki;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads the hub CA from PostgreSQL, generating it on the very first start. Nodes racing on an empty
 * database each generate a candidate, exactly one insert wins ({@code on conflict do nothing}) and
 * every node then reads back the winner, so all nodes and all restarts share one CA.
 */
final class JdbcHubCaStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcHubCaStore.class);
    static final String PURPOSE = "hub-ca";

    private final JdbcClient jdbc;
    private final PrivateKeySealer sealer;
    private final SecureRandom random;

    JdbcHubCaStore(JdbcClient jdbc, PrivateKeySealer sealer, SecureRandom random) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.random = random;
    }

    HubCertificateAuthority loadOrCreate(PkiProperties properties, Clock clock) {
        Optional<HubCertificateAuthority> existing = load();
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        HubCertificateAuthority candidate = HubCertificateAuthority.generate(
                HubCertificateAuthority.x500Name(properties.caSubject()), now, properties.caValidity(), random);
        int inserted = jdbc.sql("""
                        insert into hub_ca (id, certificate_pem, sealed_private_key, sha256_fingerprint, created_at)
                        values ('hub', :pem, :key, :fingerprint, :now)
                        on conflict (id) do nothing""")
                .param("pem", candidate.certificatePem())
                .param("key", sealer.seal(candidate.privateKey(), PURPOSE))
                .param("fingerprint", candidate.fingerprint())
                .param("now", Timestamp.from(now))
                .update();
        HubCertificateAuthority ca = load().orElseThrow(() -> new IllegalStateException("hub CA row vanished"));
        if (inserted == 1) {
            log.info("Generated the hub CA {} (SHA-256 {})", ca.certificate().getSubjectX500Principal(), ca.fingerprint());
        }
        return ca;
    }

    private Optional<HubCertificateAuthority> load() {
        return jdbc.sql("select certificate_pem, sealed_private_key from hub_ca where id = 'hub'")
                .query((rs, n) -> {
                    X509Certificate certificate = Pem.parseCertificate(rs.getString(1));
                    var key = sealer.unseal(rs.getBytes(2), PURPOSE);
                    return new HubCertificateAuthority(certificate, key, random);
                })
                .optional()
                .map(JdbcHubCaStore::checked);
    }

    private static HubCertificateAuthority checked(HubCertificateAuthority ca) {
        if (!ca.keyMatchesCertificate()) {
            throw new IllegalStateException("The stored hub CA key does not match its certificate");
        }
        return ca;
    }
}
