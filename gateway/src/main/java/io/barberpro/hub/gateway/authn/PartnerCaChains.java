package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.registry.api.PartnerClientCa;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the partner-registered CA a client chain validates to (PKIX, then the leaf's purpose), all in
 * memory. The anchor PKIX reports is mapped back to its registration by identity, and the registry
 * keeps CA public keys unique across partners, so a chain can only ever name the partner whose CA
 * signed it — never one that registered a CA of the same name.
 */
final class PartnerCaChains {

    /** A PKIX validation costs a signature check per certificate; a partner reuses its certificate. */
    private static final int MAX_CACHED_CHAINS = 10_000;
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;

    /** Trust anchors built once per registry CA list; {@code source} is compared by identity. */
    private record Anchors(List<PartnerClientCa> source, Map<TrustAnchor, PartnerClientCa> byAnchor,
                           Map<String, Optional<PartnerClientCa>> validated) {
    }

    private volatile Anchors anchors = new Anchors(List.of(), Map.of(), new ConcurrentHashMap<>());

    /**
     * The CA that issued this chain, if it validates at {@code now}; validity of every certificate is the
     * caller's check (at the clock's time), so the cached answer is about signatures and purpose only.
     *
     * @param cas the lookup's current list: a new instance means the registered CAs changed
     */
    Optional<PartnerClientCa> issuerOf(String leafFingerprint, X509Certificate[] chain, List<PartnerClientCa> cas,
                                       Date now) {
        if (cas.isEmpty()) {
            return Optional.empty();
        }
        Anchors current = anchorsFor(cas);
        Optional<PartnerClientCa> cached = current.validated().get(leafFingerprint);
        if (cached != null) {
            return cached;
        }
        Optional<PartnerClientCa> issuer = validate(chain, current.byAnchor(), now);
        if (current.validated().size() >= MAX_CACHED_CHAINS) {
            current.validated().clear();
        }
        current.validated().put(leafFingerprint, issuer);
        return issuer;
    }

    private Anchors anchorsFor(List<PartnerClientCa> cas) {
        Anchors current = anchors;
        if (current.source() == cas) {
            return current;
        }
        Map<TrustAnchor, PartnerClientCa> byAnchor = new IdentityHashMap<>();
        cas.forEach(ca -> byAnchor.put(new TrustAnchor(ca.certificate(), null), ca));
        current = new Anchors(cas, byAnchor, new ConcurrentHashMap<>());
        anchors = current;
        return current;
    }

    private static Optional<PartnerClientCa> validate(X509Certificate[] chain, Map<TrustAnchor, PartnerClientCa> byAnchor,
                                                      Date now) {
        if (!fitForClientAuth(chain[0])) {
            return Optional.empty();
        }
        List<X509Certificate> path = ChainToAnchor.below(chain, byAnchor.keySet());
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(byAnchor.get(ChainToAnchor.validate(path, byAnchor.keySet(), now)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** A partner CA may issue any kind of certificate; only client-authentication keys may log in. */
    private static boolean fitForClientAuth(X509Certificate leaf) {
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE]) {
            return false;
        }
        try {
            List<String> extendedKeyUsage = leaf.getExtendedKeyUsage();
            return extendedKeyUsage == null || extendedKeyUsage.contains(CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
