package io.barberpro.hub.registry.api;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.UUID;

/**
 * A client-certificate CA a partner registered: leaves that chain to {@code certificate} authenticate
 * as {@code partnerId}. No two registered CAs share a public key, so a validated chain names one partner.
 *
 * @param caId the registry id, used for {@link CredentialLookup#partnerCaCertificate(String)}
 * @param crl  the revocation list the partner published for this CA, or null when it published none (then no
 *             leaf is revoked one by one; removing the CA withdraws them all)
 */
public record PartnerClientCa(String caId, UUID partnerId, X509Certificate certificate, ClientCaCrl crl) {

    public PartnerClientCa {
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A CA without a published revocation list. */
    public PartnerClientCa(String caId, UUID partnerId, X509Certificate certificate) {
        this(caId, partnerId, certificate, null);
    }
}
