package io.barberpro.hub.gateway.authn;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
}
