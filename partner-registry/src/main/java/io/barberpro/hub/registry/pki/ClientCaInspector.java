package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.admin.FieldErrors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

/**
 * Accepts a PEM certificate as a partner client CA only if it can actually sign client certificates
 * (cA=true and keyCertSign) and is valid now; PKIX would reject leaves of anything else anyway, so an
 * admin learns it at registration instead of from partners' 401s.
 */
final class ClientCaInspector {

    private static final String FIELD = "certificatePem";
    private static final int KEY_CERT_SIGN = 5;

    private ClientCaInspector() {
    }

    /** @throws io.barberpro.hub.core.error.HubProblemException 400 validation-failed listing every problem */
    static X509Certificate verifiedCa(NewClientCaRequest request, Instant now) {
        FieldErrors errors = new FieldErrors();
        if (!errors.required(FIELD, request.certificatePem())) {
            errors.throwIfAny();
        }
        X509Certificate certificate = parseSingle(request.certificatePem());
        if (certificate.getBasicConstraints() < 0) {
            errors.add(FIELD, "must be a CA certificate (basicConstraints cA=true)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage == null || !keyUsage[KEY_CERT_SIGN]) {
            errors.add(FIELD, "must allow certificate signing (keyUsage keyCertSign)");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant()) || now.isAfter(certificate.getNotAfter().toInstant())) {
            errors.add(FIELD, "must be within its validity period");
        }
        errors.throwIfAny();
        return certificate;
    }

    private static X509Certificate parseSingle(String pem) {
        Collection<? extends Certificate> parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw FieldErrors.single(FIELD, "must be a PEM X.509 certificate");
        }
        if (parsed.size() != 1) {
            throw FieldErrors.single(FIELD, "must contain exactly one certificate");
        }
        return (X509Certificate) parsed.iterator().next();
    }
}
