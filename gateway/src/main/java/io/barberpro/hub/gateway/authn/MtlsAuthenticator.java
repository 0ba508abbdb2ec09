package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.security.GeneralSecurityException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The TLS handshake accepts any client certificate (hub-core's edge listener), so this is where it
 * is judged. Every certificate must be within its validity at the injected clock's time, then:
 * <ul>
 *   <li>a chain that validates (PKIX) to one of the hub CAs the edge advertises is judged by its leaf's
 *   SHA-256 fingerprint, which must belong to an active partner in the registry; the registry also
 *   answers for revocation (no CRL or OCSP round trip on the request path);</li>
 *   <li>otherwise a chain that validates to a CA a partner registered ({@link PartnerCaChains}) is that
 *   partner's, with the scopes the registry gives the CA registration (none, like a hub-issued
 *   certificate: the route's scopes then come from other credentials or are not required). Such
 *   leaves are revoked by the list the partner published for its CA ({@link PartnerCrlCheck}), by the
 *   OCSP responder a leaf names ({@link PartnerOcspCheck}, off the event loop), and removing the CA
 *   withdraws all of them.</li>
 * </ul>
 * A chain of the hub CA never falls through to the partner CAs, so its fingerprint rule cannot be
 * bypassed by a partner registering the hub CA.
 */
final class MtlsAuthenticator implements Authenticator {

    /** A PKIX validation costs a signature check per certificate; a partner reuses its certificate. */
    private static final int MAX_CACHED_CHAINS = 10_000;

    /** {@code generation} changes only when the CA list does, so cached validations stay tied to their CAs. */
    private record Anchors(List<X509Certificate> source, Set<TrustAnchor> anchors, long generation) {
    }

    private final CredentialLookup lookup;
    private final ObjectProvider<EdgeTlsMaterial> tlsMaterialProvider;
    /** Resolved on first use and then kept: no bean lookup per request. */
    private volatile EdgeTlsMaterial tlsMaterial;
    private final Clock clock;
    private final Map<String, Boolean> chainValid = new ConcurrentHashMap<>();
    private final PartnerCaChains partnerCaChains = new PartnerCaChains();
    private final PartnerCrlCheck crlCheck;
    private final PartnerOcspCheck ocspCheck;
    private volatile Anchors anchors;

    MtlsAuthenticator(CredentialLookup lookup, ObjectProvider<EdgeTlsMaterial> tlsMaterial, Clock clock,
                      PartnerCrlCheck crlCheck, PartnerOcspCheck ocspCheck) {
        this.lookup = lookup;
        this.tlsMaterialProvider = tlsMaterial;
        this.clock = clock;
        this.crlCheck = crlCheck;
        this.ocspCheck = ocspCheck;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.MTLS;
    }

    @Override
    public Mono<AuthResult> authenticate(ServerWebExchange exchange) {
        ClientCertificate presented = ClientCertificate.of(exchange.getRequest());
        if (presented == null) {
            return Mono.empty();
        }
        X509Certificate[] chain = presented.chain();
        Instant instant = clock.instant();
        Date now = Date.from(instant);
        for (X509Certificate certificate : chain) {
            if (now.before(certificate.getNotBefore()) || now.after(certificate.getNotAfter())) {
                return Mono.just(AuthResult.refused(method(), "certificate outside validity"));
            }
        }
        String fingerprint = presented.fingerprint();
        if (chainsToHubCa(fingerprint, chain, now)) {
            CredentialVerdict verdict = lookup.clientCertificate(fingerprint);
            return Mono.just(AuthResult.of(method(), verdict, verdict.scopes()));
        }
        PartnerClientCa ca = partnerCaChains.issuerOf(fingerprint, chain, lookup.partnerClientCas(), now).orElse(null);
        if (ca == null) {
            return Mono.just(AuthResult.refused(method(), "certificate does not chain to a hub or partner CA"));
        }
        String revocation = crlCheck.refusal(ca, chain, instant);
        if (revocation != null) {
            return Mono.just(AuthResult.refused(method(), revocation));
        }
        return ocspCheck.refusal(fingerprint, ca, chain)
                .map(refusal -> AuthResult.refused(method(), refusal))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    CredentialVerdict verdict = lookup.partnerCaCertificate(ca.caId());
                    return AuthResult.of(method(), verdict, verdict.scopes());
                }));
    }

    private boolean chainsToHubCa(String fingerprint, X509Certificate[] chain, Date now) {
        Anchors current = currentAnchors();
        if (current.anchors().isEmpty()) {
            return false;
        }
        // Validity was checked above at the clock's time; the cached answer is about signatures only.
        String cacheKey = fingerprint + '/' + current.generation();
        Boolean cached = chainValid.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        boolean valid = validate(chain, current.anchors(), now);
        if (chainValid.size() >= MAX_CACHED_CHAINS) {
            chainValid.clear();
        }
        chainValid.put(cacheKey, valid);
        return valid;
    }

    private static boolean validate(X509Certificate[] chain, Set<TrustAnchor> anchors, Date now) {
        List<X509Certificate> path = ChainToAnchor.below(chain, anchors);
        if (path.isEmpty()) {
            return false;
        }
        try {
            ChainToAnchor.validate(path, anchors, now);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Anchors currentAnchors() {
        EdgeTlsMaterial material = tlsMaterial;
        if (material == null) {
            material = tlsMaterialProvider.getIfAvailable();
            tlsMaterial = material;
        }
        List<X509Certificate> source = material == null ? List.of() : material.advertisedClientCertificateAuthorities();
        Anchors current = anchors;
        if (current != null && current.source() == source) {
            return current;
        }
        if (current != null && current.source().equals(source)) {
            current = new Anchors(source, current.anchors(), current.generation());
        } else {
            current = new Anchors(source,
                    source.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toUnmodifiableSet()),
                    current == null ? 0 : current.generation() + 1);
        }
        anchors = current;
        return current;
    }
}
