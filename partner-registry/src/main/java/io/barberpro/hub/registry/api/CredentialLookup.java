package io.barberpro.hub.registry.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry lookups the gateway makes on every request. Implementations answer from memory only
 * (never I/O), so they are safe on a Netty event loop; the registry refreshes that memory when
 * anything changes, on every node.
 *
 * <p>Status precedence: a suspended or otherwise inactive partner wins over the credential's own
 * state ({@code PARTNER_SUSPENDED} / {@code PARTNER_INACTIVE}), then {@code REVOKED}, then
 * {@code EXPIRED} (by the injected clock), else {@code VALID}.
 */
public interface CredentialLookup {

    /** A presented API key, exactly as sent (the registry hashes it). */
    CredentialVerdict apiKey(String presentedKey);

    /** A client certificate by the lower-case hex SHA-256 of its DER encoding. */
    CredentialVerdict clientCertificate(String sha256FingerprintHex);

    /**
     * Every partner-registered client-certificate CA (all partners, whatever their status: the verdict
     * reports the status). The same list instance is returned until the registry changes, so callers
     * may cache work keyed on its identity.
     */
    List<PartnerClientCa> partnerClientCas();

    /**
     * A leaf certificate the caller has validated (PKIX, validity, key usage) up to the partner CA
     * {@code caId}: the credential is the CA registration itself, so the verdict carries the CA's
     * partner and status, and {@code UNKNOWN} once the CA was removed. Revocation of single leaves is the
     * caller's check against the CA's {@link PartnerClientCa#crl()}.
     */
    CredentialVerdict partnerCaCertificate(String caId);

    /** An OAuth2 client of the hub's token endpoint, by client id. */
    CredentialVerdict oauthClient(String clientId);

    Optional<PartnerSnapshot> partner(UUID partnerId);

    /** The partner that trusts this issuer as its own IdP. */
    Optional<PartnerSnapshot> partnerByTrustedIssuer(String issuer);
}
