package io.barberpro.hub.registry.pki;

/**
 * Body of {@code POST /admin/v1/partners/{id}/client-cas}.
 *
 * @param certificatePem one PEM X.509 CA certificate (basicConstraints cA=true, keyUsage keyCertSign), currently valid
 */
public record NewClientCaRequest(String certificatePem) {
}
