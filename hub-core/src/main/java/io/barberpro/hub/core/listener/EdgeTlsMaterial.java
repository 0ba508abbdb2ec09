package io.barberpro.hub.core.listener;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the partner edge's TLS listener presents and advertises. The registry supplies it from the
 * hub CA in the embedded default, or from a configured keystore.
 */
public interface EdgeTlsMaterial {

    PrivateKey serverKey();

    /** Leaf first, then its issuers. */
    List<X509Certificate> serverCertificateChain();

    /**
     * The hub's own client-certificate CAs, named first in the TLS CertificateRequest so clients know which
     * certificate to send; partner-registered CAs follow them ({@link RegisteredClientCas}). The handshake
     * itself accepts any client certificate: chain, validity, revocation and ownership are checked by
     * the hub after the handshake, so a bad certificate gets a problem+json 401 instead of a TLS alert.
     */
    List<X509Certificate> advertisedClientCertificateAuthorities();
}
