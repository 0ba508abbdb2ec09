package io.barberpro.hub.gateway.authn;

import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/** Reads the credentials a request carries, without judging them. */
final class PresentedCredentials {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String BEARER = "Bearer";
    static final String API_KEY_SCHEME = "ApiKey";

    /** Longer values are not a credential of ours; refusing them early bounds the work per request. */
    static final int MAX_CREDENTIAL_LENGTH = 8192;

    private PresentedCredentials() {
    }

    /** The token of {@code Authorization: Bearer <token>}, or null. */
    static String bearerToken(ServerWebExchange exchange) {
        return authorization(exchange, BEARER);
    }

    /** {@code X-API-Key}, else {@code Authorization: ApiKey <key>}, or null. */
    static String apiKey(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
        if (header != null) {
            return header.trim();
        }
        return authorization(exchange, API_KEY_SCHEME);
    }

    private static String authorization(ServerWebExchange exchange, String scheme) {
        String value = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (value == null || value.length() <= scheme.length() + 1
                || !value.regionMatches(true, 0, scheme, 0, scheme.length())
                || value.charAt(scheme.length()) != ' ') {
            return null;
        }
        return value.substring(scheme.length() + 1).trim();
    }

    /** RFC 8705 {@code x5t#S256}: base64url without padding. */
    static String base64Url(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
