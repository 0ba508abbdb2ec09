package io.barberpro.hub.gateway.observe;

import org.springframework.web.server.ServerWebExchange;

/**
 * Why the gateway itself answered instead of the upstream. Filters mark the exchange; the access
 * log / metrics filter counts it once, when the response completes.
 */
public final class Rejections {

    public static final String ATTRIBUTE = Rejections.class.getName() + ".reason";

    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String INVALID_CREDENTIALS = "invalid-credentials";
    public static final String AUTH_POLICY = "auth-policy";
    public static final String PARTNER_SUSPENDED = "partner-suspended";
    public static final String INSUFFICIENT_SCOPE = "insufficient-scope";
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
    public static final String RATE_LIMITER_UNAVAILABLE = "rate-limiter-unavailable";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String NOT_IMPLEMENTED = "not-implemented";

    private Rejections() {
    }

    public static void mark(ServerWebExchange exchange, String reason) {
        exchange.getAttributes().put(ATTRIBUTE, reason);
    }

    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
