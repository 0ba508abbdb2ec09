package io.barberpro.hub.core.error;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The hub's one error vocabulary. REST problem+json, SOAP Faults, GraphQL {@code extensions.code}
 * and EDI rejections all name a mistake by the same {@link #code()}, so a partner sees the same
 * word for the same mistake whichever door it used.
 */
public enum HubError {
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "The request is malformed"),
    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "The request has invalid fields"),
    UNKNOWN_FIELD("unknown-field", HttpStatus.BAD_REQUEST, "The request has a field this API does not know"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "The credentials are not valid"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    INSUFFICIENT_SCOPE("insufficient-scope", HttpStatus.FORBIDDEN, "The credential lacks a required scope"),
    PARTNER_SUSPENDED("partner-suspended", HttpStatus.FORBIDDEN, "The partner is not active"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "The request did not arrive in time"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with the current state"),
    DUPLICATE("duplicate", HttpStatus.CONFLICT, "A resource with this identity already exists"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY,
            "The Idempotency-Key was already used with a different request"),
    UNPROCESSABLE("unprocessable", HttpStatus.UNPROCESSABLE_ENTITY, "The request is well-formed but cannot be processed"),
    INVALID_CSR("invalid-csr", HttpStatus.UNPROCESSABLE_ENTITY, "The certificate signing request is not acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    HEADERS_TOO_LARGE("headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large"),
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "The request target is too long"),
    QUOTA_EXCEEDED("quota-exceeded", HttpStatus.TOO_MANY_REQUESTS, "The partner's request quota is used up"),
    NOT_IMPLEMENTED("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented yet"),
    UNSUPPORTED_TRANSFER_CODING("unsupported-transfer-coding", HttpStatus.NOT_IMPLEMENTED,
            "The request's transfer coding is not supported"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The upstream service is unavailable"),
    UPSTREAM_TIMEOUT("upstream-timeout", HttpStatus.GATEWAY_TIMEOUT, "The upstream service did not answer in time"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    /** Problem type URIs are stable identifiers; the documentation lives at the same address. */
    public static final String TYPE_BASE = "https://docs.barberpro.io/hub/problems/";

    private final String code;
    private final HttpStatus status;
    private final String title;

    HubError(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create(TYPE_BASE + code);
    }
}
