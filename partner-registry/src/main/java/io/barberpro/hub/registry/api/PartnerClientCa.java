package io.barberpro.hub.registry.api;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.UUID;

/**
 * A client-certificate CA a partner registered: leaves that chain to {@code certificate} authenticate
 * as {@code partnerId}. No two registered CAs share a public key, so a validated chain names one partner.
 *
 * @param caId the registry id, used for {@link CredentialLookup#partnerCaCertificate(String)}
 */
public record PartnerClientCa(String caId, UUID partnerId, X509Certificate certificate) {

    public PartnerClientCa {
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(certificate, "certificate");
    }
}
