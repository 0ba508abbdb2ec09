package io.barberpro.hub.registry.oauth;

import org.springframework.http.HttpStatus;

/** An RFC 6749 §5.2 error response; the description goes to the client, so it names no secret. */
final class OAuthError extends RuntimeException {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CLIENT = "invalid_client";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    static final String INVALID_SCOPE = "invalid_scope";

    private final String error;
    private final HttpStatus status;

    private OAuthError(String error, HttpStatus status, String description) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(INVALID_REQUEST, HttpStatus.BAD_REQUEST, description);
    }

    /** Deliberately the same words for unknown client, wrong secret, revoked or suspended: no oracle. */
    static OAuthError invalidClient() {
        return new OAuthError(INVALID_CLIENT, HttpStatus.UNAUTHORIZED, "Client authentication failed");
    }

    static OAuthError unsupportedGrantType() {
        return new OAuthError(UNSUPPORTED_GRANT_TYPE, HttpStatus.BAD_REQUEST, "Only client_credentials is supported");
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError(INVALID_SCOPE, HttpStatus.BAD_REQUEST, description);
    }

    String error() {
        return error;
    }

    HttpStatus status() {
        return status;
    }

    String description() {
        return getMessage();
    }
}
