package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.gateway.HubGatewayProperties.Mtls.StaleCrl;
import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;

/**
 * Judges a chain that validated to a partner CA against the revocation list the partner published for that
 * CA. A CA's list covers what the CA signed itself: the leaf, or the intermediate CA in between, and refusing
 * a revoked intermediate refuses every leaf under it. Leaves an intermediate signed are revoked only with the
 * intermediate (the hub holds no list of an intermediate's).
 */
final class PartnerCrlCheck {

    static final String REVOKED = "certificate revoked by its partner CA's CRL";
    static final String STALE = "partner CA's CRL is past its nextUpdate";

    private final StaleCrl staleCrl;

    PartnerCrlCheck(StaleCrl staleCrl) {
        this.staleCrl = staleCrl;
    }

    /**
     * @param chain a chain PKIX validated up to {@code ca}, so a certificate naming the CA as issuer was signed by it
     * @return why the chain is refused (for logs only), or null when it passes
     */
    String refusal(PartnerClientCa ca, X509Certificate[] chain, Instant now) {
        ClientCaCrl crl = ca.crl();
        if (crl == null) {
            return null;
        }
        X500Principal caName = ca.certificate().getSubjectX500Principal();
        for (X509Certificate certificate : chain) {
            if (certificate.getIssuerX500Principal().equals(caName) && !certificate.equals(ca.certificate())
                    && crl.revokes(certificate.getSerialNumber())) {
                return REVOKED;
            }
        }
        return staleCrl == StaleCrl.REFUSE && crl.staleAt(now) ? STALE : null;
    }
}
