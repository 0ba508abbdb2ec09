package io.barberpro.hub.registry.pki;

/**
 * Body of {@code POST /admin/v1/partners/{id}/certificates}; absent or without {@code csrPem} the hub
 * generates the key pair and returns a PKCS#12.
 *
 * @param csrPem a PEM PKCS#10 request (RSA ≥ 2048 or EC P-256/P-384); its subject is ignored
 */
public record NewCertificateRequest(String csrPem) {

    public static final NewCertificateRequest GENERATE_KEY = new NewCertificateRequest(null);
}
