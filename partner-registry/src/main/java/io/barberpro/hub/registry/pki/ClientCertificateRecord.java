package io.barberpro.hub.registry.pki;

import java.time.Instant;
import java.util.UUID;

/**
 * A client certificate the hub issued, as stored (never a private key). Also the row the credential
 * index loads: a certificate is identified at the edge by {@code sha256Fingerprint}.
 *
 * @param keyGenerated true when the hub generated the key pair and returned it once as PKCS#12
 */
public record ClientCertificateRecord(UUID id, UUID partnerId, String serialHex, String sha256Fingerprint,
                                      String subject, Instant notBefore, Instant notAfter, boolean keyGenerated,
                                      Instant createdAt, Instant revokedAt, String revocationReason) {

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Not revoked and {@code now} within its validity. */
    public boolean isUsableAt(Instant now) {
        return !isRevoked() && !now.isBefore(notBefore) && now.isBefore(notAfter);
    }
}
