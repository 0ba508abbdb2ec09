package io.barberpro.hub.registry.api;

import java.time.Instant;
import java.util.Set;

/**
 * The registry's answer for a presented credential. The gateway must not tell the caller which
 * non-valid status it was (no "key exists but expired"); the status is for logs and metrics.
 *
 * @param partner      the owning partner, or {@code null} when {@code status} is {@link Status#UNKNOWN}
 * @param credentialId the registry id of the credential (for logs/metrics; never the secret)
 * @param scopes       scopes granted to the credential
 * @param expiresAt    when the credential stops being valid, or {@code null}
 */
public record CredentialVerdict(Status status, PartnerSnapshot partner, String credentialId, Set<String> scopes,
                                Instant expiresAt) {

    public enum Status {
        VALID, UNKNOWN, EXPIRED, REVOKED, PARTNER_SUSPENDED, PARTNER_INACTIVE
    }

    public static final CredentialVerdict UNKNOWN = new CredentialVerdict(Status.UNKNOWN, null, null, Set.of(), null);

    public boolean isValid() {
        return status == Status.VALID;
    }
}
