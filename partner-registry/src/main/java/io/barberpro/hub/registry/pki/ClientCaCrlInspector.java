package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.admin.FieldErrors;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Accepts a CRL for a partner client CA only if the edge can rely on it as the complete revocation status
 * of what that CA signed (RFC 5280 §6.3): issued and signed by the CA, which may sign CRLs, current, and
 * complete, because a delta or partitioned CRL (critical extensions such as deltaCRLIndicator or
 * issuingDistributionPoint, or entries for another issuer) would leave revoked certificates out.
 */
final class ClientCaCrlInspector {

    static final String FIELD = "crl";
    private static final int CRL_SIGN = 6;
    /** A CA's clock may run a little ahead of ours; a list from further ahead would outrank every later one. */
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    /** A CRL that passed every check, in the forms the registry stores. */
    record InspectedCrl(byte[] der, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, Set<BigInteger> revoked) {
    }

    private ClientCaCrlInspector() {
    }

    /** @throws io.barberpro.hub.core.error.HubProblemException 400 validation-failed listing every problem */
    static InspectedCrl verified(byte[] body, X509Certificate ca, Instant now) {
        X509CRL crl = parse(body);
        FieldErrors errors = new FieldErrors();
        boolean[] caKeyUsage = ca.getKeyUsage();
        if (caKeyUsage != null && !caKeyUsage[CRL_SIGN]) {
            errors.add(FIELD, "cannot be accepted: the CA's certificate does not allow CRL signing (keyUsage cRLSign)");
        }
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            errors.add(FIELD, "must be issued by this CA (" + ca.getSubjectX500Principal().getName() + "), not by "
                    + crl.getIssuerX500Principal().getName());
        } else if (!signedBy(crl, ca)) {
            errors.add(FIELD, "signature does not verify with this CA's public key");
        }
        if (crl.getNextUpdate() == null) {
            errors.add(FIELD, "must carry a nextUpdate time");
        } else if (!now.isBefore(crl.getNextUpdate().toInstant())) {
            errors.add(FIELD, "is past its nextUpdate time (" + crl.getNextUpdate().toInstant() + ")");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(MAX_CLOCK_AHEAD))) {
            errors.add(FIELD, "thisUpdate (" + crl.getThisUpdate().toInstant() + ") must not be in the future");
        }
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            errors.add(FIELD, "must be a complete CRL: critical extensions " + new TreeSet<>(critical)
                    + " (delta, partitioned or indirect CRLs) are not supported");
        }
        Set<BigInteger> revoked = new TreeSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry entry : entries) {
                if (entry.hasUnsupportedCriticalExtension() || entry.getCertificateIssuer() != null) {
                    errors.add(FIELD, "must be a complete CRL of this CA: the entry for serial "
                            + entry.getSerialNumber().toString(16) + " names another issuer or has a critical extension");
                    break;
                }
                revoked.add(entry.getSerialNumber());
            }
        }
        errors.throwIfAny();
        try {
            return new InspectedCrl(crl.getEncoded(), crlNumber(crl), crl.getThisUpdate().toInstant(),
                    crl.getNextUpdate().toInstant(), revoked);
        } catch (CRLException e) {
            throw FieldErrors.single(FIELD, "cannot be re-encoded as DER");
        }
    }

    /** The CRL's entries as the index needs them; the stored DER passed {@link #verified} when it was published. */
    static Set<BigInteger> revokedSerials(byte[] der) {
        Set<? extends X509CRLEntry> entries = parse(der).getRevokedCertificates();
        Set<BigInteger> serials = new TreeSet<>();
        if (entries != null) {
            entries.forEach(entry -> serials.add(entry.getSerialNumber()));
        }
        return serials;
    }

    private static X509CRL parse(byte[] body) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw FieldErrors.single(FIELD, "must be an X.509 CRL, DER or PEM (application/pkix-crl)");
        }
    }

    private static boolean signedBy(X509CRL crl, X509Certificate ca) {
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The cRLNumber extension (RFC 5280 §5.2.3), or null when the CA does not number its lists. */
    private static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return null;
        }
        try {
            return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
        } catch (IllegalArgumentException e) {
            throw FieldErrors.single(FIELD, "has a malformed cRLNumber extension");
        }
    }
}
