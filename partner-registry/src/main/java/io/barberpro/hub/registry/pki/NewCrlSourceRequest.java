package io.barberpro.hub.registry.pki;

/**
 * Body of {@code PUT /admin/v1/partners/{id}/client-cas/{caId}/crl-source}.
 *
 * @param url the CA's CRL distribution point, http or https, serving the CRL as DER or PEM
 */
public record NewCrlSourceRequest(String url) {
}
