package io.barberpro.hub.registry.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /oauth2/token}: RFC 6749 §4.4 client credentials grant. The client authenticates with
 * HTTP Basic ({@code client_secret_basic}) or with its hub-issued certificate plus a
 * {@code client_id} parameter (RFC 8705 {@code tls_client_auth}); a certificate-authenticated client
 * gets a certificate-bound token ({@code cnf.x5t#S256}).
 *
 * <p>Errors are OAuth's own JSON ({@code error}, {@code error_description}, RFC 6749 §5.2), not
 * problem+json: OAuth client libraries parse exactly that shape, and the token endpoint's contract
 * is the RFC's.
 */
final class TokenEndpoint {

    static final String PATH = "/oauth2/token";
    static final String REALM = "barberpro-hub";
    private static final String GRANT_TYPE = "client_credentials";
    /** Ids the hub issues look like this; anything else is refused before a lookup or a log line. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SCOPE_SEPARATOR = Pattern.compile(" +");

    private final ClientAuthenticator authenticator;
    private final AccessTokenIssuer issuer;

    TokenEndpoint(ClientAuthenticator authenticator, AccessTokenIssuer issuer) {
        this.authenticator = authenticator;
        this.issuer = issuer;
    }

    Mono<ServerResponse> token(ServerRequest request) {
        MediaType contentType = request.headers().contentType().orElse(null);
        if (contentType == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType)) {
            return error(OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded"));
        }
        return request.formData()
                .flatMap(form -> Mono.fromCallable(() -> handle(request, form))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(this::success)
                .onErrorResume(OAuthError.class, this::error);
    }

    /** Blocking: client lookup reads PostgreSQL. */
    private AccessTokenIssuer.AccessToken handle(ServerRequest request, MultiValueMap<String, String> form) {
        Map<String, String> parameters = parameters(form);
        ClientAuthenticator.Authenticated client = authenticate(request, parameters);
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw OAuthError.unsupportedGrantType();
        }
        Set<String> scopes = grantedScopes(parameters.get("scope"), client.client().scopes());
        return issuer.issue(client.client().clientId(), client.client().partnerId(), scopes,
                client.certificateThumbprint());
    }

    /** Each parameter's one value; RFC 6749 §3.1: one sent without a value counts as omitted, none may repeat. */
    private static Map<String, String> parameters(MultiValueMap<String, String> form) {
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw OAuthError.invalidRequest("Parameter " + safe(parameter.getKey()) + " is repeated");
            }
            String value = parameter.getValue().isEmpty() ? null : parameter.getValue().get(0);
            if (value != null && !value.isEmpty()) {
                parameters.put(parameter.getKey(), value);
            }
        }
        return parameters;
    }

    private ClientAuthenticator.Authenticated authenticate(ServerRequest request, Map<String, String> parameters) {
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        String formClientId = parameters.get("client_id");
        if (parameters.containsKey("client_secret")) {
            // client_secret_post is NOT RECOMMENDED by RFC 6749 §2.3.1 and not offered by the hub
            throw OAuthError.invalidClient();
        }
        if (authorization != null) {
            String[] credentials = basicCredentials(authorization);
            if (formClientId != null && !formClientId.equals(credentials[0])) {
                throw OAuthError.invalidRequest("client_id does not match the authenticated client");
            }
            requireWellFormed(credentials[0]);
            return authenticator.bySecret(credentials[0], credentials[1]);
        }
        if (formClientId == null) {
            throw OAuthError.invalidClient();
        }
        requireWellFormed(formClientId);
        X509Certificate certificate = clientCertificate(request);
        if (certificate == null) {
            throw OAuthError.invalidClient();
        }
        return authenticator.byCertificate(formClientId, certificate);
    }

    /** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined with ':' and base64-encoded. */
    static String[] basicCredentials(String authorization) {
        if (authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.invalidClient();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient();
        }
        try {
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient();
        }
    }

    private static void requireWellFormed(String clientId) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw OAuthError.invalidClient();
        }
    }

    private static X509Certificate clientCertificate(ServerRequest request) {
        SslInfo ssl = request.exchange().getRequest().getSslInfo();
        X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
        return chain == null || chain.length == 0 ? null : chain[0];
    }

    /** No scope parameter = everything the client may have (RFC 6749 §3.3 lets the server choose a default). */
    private static Set<String> grantedScopes(String requested, Set<String> allowed) {
        if (requested == null || requested.isBlank()) {
            return allowed;
        }
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(SCOPE_SEPARATOR.split(requested.trim())));
        if (!allowed.containsAll(scopes)) {
            throw OAuthError.invalidScope("The requested scope exceeds the client's scopes");
        }
        return scopes;
    }

    private Mono<ServerResponse> success(AccessTokenIssuer.AccessToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds());
        if (!token.scope().isEmpty()) {
            // RFC 6749 §3.3: a scope is one or more scope-tokens; a client with none is granted none
            body.put("scope", token.scope());
        }
        return noStore(ServerResponse.ok()).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private Mono<ServerResponse> error(OAuthError error) {
        ServerResponse.BodyBuilder response = noStore(ServerResponse.status(error.status()));
        if (error.status().value() == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme the client should use
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        return response.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("error", error.error(), "error_description", error.description()));
    }

    /** RFC 6749 §5.1: token responses must not be cached. */
    private static ServerResponse.BodyBuilder noStore(ServerResponse.BodyBuilder builder) {
        return builder.cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
    }

    private static String safe(String name) {
        return name.length() <= 32 && name.matches("[A-Za-z0-9_]+") ? name : "(unnamed)";
    }
}
