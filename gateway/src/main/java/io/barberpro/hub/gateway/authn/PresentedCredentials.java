package io.barberpro.hub.gateway.authn;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

/** Reads the credentials a request carries, without judging them. */
final class PresentedCredentials {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String BEARER = "Bearer";
    static final String API_KEY_SCHEME = "ApiKey";

    /** Longer values are not a credential of ours; refusing them early bounds the work per request. */
    static final int MAX_CREDENTIAL_LENGTH = 8192;

    private static final String CERT_SHA256 = PresentedCredentials.class.getName() + ".certSha256";

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

    /** The client's certificate chain from the TLS handshake (leaf first), or null. */
    static X509Certificate[] clientChain(ServerWebExchange exchange) {
        SslInfo ssl = exchange.getRequest().getSslInfo();
        if (ssl == null) {
            return null;
        }
        X509Certificate[] chain = ssl.getPeerCertificates();
        return chain == null || chain.length == 0 ? null : chain;
    }

    /** SHA-256 of the client certificate's DER encoding, computed once per exchange; null without a certificate. */
    static byte[] clientCertSha256(ServerWebExchange exchange) {
        byte[] cached = exchange.getAttribute(CERT_SHA256);
        if (cached != null) {
            return cached;
        }
        X509Certificate[] chain = clientChain(exchange);
        if (chain == null) {
            return null;
        }
        byte[] digest = sha256(chain[0]);
        exchange.getAttributes().put(CERT_SHA256, digest);
        return digest;
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** RFC 8705 {@code x5t#S256}: base64url without padding. */
    static String base64Url(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint the client certificate", e);
        }
    }
}
