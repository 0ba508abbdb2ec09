package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.lookup.CredentialIndex;
import io.barberpro.hub.registry.lookup.CredentialSource;
import io.barberpro.hub.registry.lookup.IndexedCredential;
import java.util.Set;

/** Puts every client certificate (revoked and expired too) into the index by SHA-256 fingerprint. */
public class JdbcClientCertificateCredentialSource implements CredentialSource {

    private final JdbcClientCertificateRepository certificates;

    JdbcClientCertificateCredentialSource(JdbcClientCertificateRepository certificates) {
        this.certificates = certificates;
    }

    @Override
    public void loadInto(CredentialIndex.Builder builder) {
        for (ClientCertificateRecord certificate : certificates.findAll()) {
            builder.clientCertificate(certificate.sha256Fingerprint(), new IndexedCredential(certificate.partnerId(),
                    certificate.id().toString(), Set.of(), certificate.notAfter(), certificate.revokedAt()));
        }
    }
}
