package io.barberpro.hub.registry.pki;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A freshly issued client certificate, as handed to the partner once.
 *
 * @param certificateChainPem the leaf then the hub CA, PEM
 * @param pkcs12Base64        key + chain as PKCS#12 (PBES2 AES-256-CBC/PBKDF2-HMAC-SHA256, HMAC-SHA256 MAC), alias
 *                            {@code client}, or {@code null} when issued from the partner's CSR
 * @param pkcs12Password      random password of {@code pkcs12Base64}, or {@code null} when issued from a CSR
 * @param caCertificatePem    the hub CA certificate, PEM
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedCertificate(UUID id, String serialHex, String sha256Fingerprint, Instant notAfter,
                                String certificateChainPem, String pkcs12Base64, String pkcs12Password,
                                String caCertificatePem) {

    /** Never prints the PKCS#12 or its password, so logging the record cannot leak the key. */
    @Override
    public String toString() {
        return "IssuedCertificate[id=" + id + ", serialHex=" + serialHex + ", sha256Fingerprint=" + sha256Fingerprint
                + ", notAfter=" + notAfter + "]";
    }
}
