package io.barberpro.hub.core.listener;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts any client chain during the handshake and advertises the CAs it is given (the hub's and those partners
 * registered, see {@link AdvertisingTlsContexts}). Verification is the job of the code that uses the certificate
 * (gateway mTLS authenticator, token endpoint), which answers with problem+json rather than a TLS alert a partner
 * cannot read.
 */
final class ClientCertificateAcceptingTrustManager implements X509TrustManager {

    private final X509Certificate[] advertised;

    ClientCertificateAcceptingTrustManager(List<X509Certificate> advertised) {
        this.advertised = advertised.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // deliberately accepted here; see class comment
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("server-side trust manager only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return advertised.clone();
    }
}
