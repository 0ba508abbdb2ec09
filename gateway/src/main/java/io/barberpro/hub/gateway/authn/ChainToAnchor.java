package io.barberpro.hub.gateway.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The part of a presented chain that PKIX validates against a set of anchors: the certificates before the first
 * one that is an anchor itself. TLS sends the leaf first and each next certificate certifies the one before it
 * (RFC 8446 §4.4.2), so whatever follows an anchor (its own issuer, up to a root) is not needed and would break
 * the path: a partner that registered its issuing CA rather than its root may well send the root too.
 */
final class ChainToAnchor {

    private ChainToAnchor() {
    }

    /** @return the certificates to validate, leaf first; empty when the leaf itself is an anchor */
    static List<X509Certificate> below(X509Certificate[] chain, Collection<TrustAnchor> anchors) {
        List<X509Certificate> path = new ArrayList<>(chain.length);
        for (X509Certificate certificate : chain) {
            if (anchors.stream().anyMatch(anchor -> anchor.getTrustedCert().equals(certificate))) {
                break;
            }
            path.add(certificate);
        }
        return path;
    }

    /**
     * PKIX validation of {@code path} (from {@link #below}, not empty) at {@code now}. Revocation is left to the
     * given checkers: the hub judges CRLs itself, from the registry, and asks OCSP responders only off the event
     * loop, so the JDK's own default revocation checking (which would fetch from the network) stays off.
     *
     * @return the anchor the path was validated to
     * @throws GeneralSecurityException when the path does not validate, with the checkers' reason
     */
    static TrustAnchor validate(List<X509Certificate> path, Set<TrustAnchor> anchors, Date now,
                                PKIXCertPathChecker... checkers) throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(now);
        for (PKIXCertPathChecker checker : checkers) {
            parameters.addCertPathChecker(checker);
        }
        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        return result.getTrustAnchor();
    }
}
