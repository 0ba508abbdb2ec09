package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.util.Set;

/** What one authenticator concluded about the credential of its kind that the request presented. */
sealed interface AuthResult {

    AuthMethod method();

    /** The credential is valid and belongs to {@code partner}. */
    record Accepted(AuthMethod method, PartnerSnapshot partner, Set<String> scopes, String credentialId)
            implements AuthResult {
    }

    /**
     * The credential was refused. {@code reason} is for logs and metrics only; the caller sees the
     * uniform detail of {@code error}, so it cannot tell an unknown credential from an expired one.
     */
    record Refused(AuthMethod method, HubError error, String reason) implements AuthResult {
    }

    static AuthResult refused(AuthMethod method, String reason) {
        return new Refused(method, HubError.INVALID_CREDENTIALS, reason);
    }

    /** Maps the registry's verdict; a suspended or inactive partner is a 403, everything else not valid a 401. */
    static AuthResult of(AuthMethod method, CredentialVerdict verdict, Set<String> scopes) {
        return switch (verdict.status()) {
            case VALID -> new Accepted(method, verdict.partner(), scopes, verdict.credentialId());
            case PARTNER_SUSPENDED, PARTNER_INACTIVE -> new Refused(method, HubError.PARTNER_SUSPENDED,
                    verdict.status().name().toLowerCase());
            default -> refused(method, verdict.status().name().toLowerCase());
        };
    }
}
