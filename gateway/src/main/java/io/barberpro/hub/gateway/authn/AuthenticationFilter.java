package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.RouteSettings;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.barberpro.hub.gateway.observe.Rejections;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The authentication chain: every authenticator, in the order mTLS → JWT → API key, judges the
 * credential of its kind the request presents; then one decision:
 * <ol>
 *   <li>nothing presented → 401 {@code unauthenticated} with a challenge naming the accepted schemes;</li>
 *   <li>any presented credential refused → 401 {@code invalid-credentials} (or 403 {@code partner-suspended}
 *       when the credential is real but its partner is not active) — one uniform detail either way;</li>
 *   <li>credentials of different partners → 401;</li>
 *   <li>the partner's {@link AuthPolicy}: a method it may not use → 401, a required method missing → 401;</li>
 *   <li>the route's {@code hub-required-scopes} not all granted → 403 {@code insufficient-scope}.</li>
 * </ol>
 * Scopes: a bearer token's scopes when one is presented (a token is an explicit, possibly narrowed,
 * grant); otherwise the union of the certificate's and the API key's scopes.
 * Paths the registry serves itself on the edge ({@code /oauth2/token}, {@code /.well-known/jwks.json})
 * are not gateway routes, so they never reach this filter.
 */
public final class AuthenticationFilter implements GlobalFilter, Ordered {

    public static final int ORDER = -400;

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final List<Authenticator> authenticators;
    private final RouteSettings.Cache routes;
    private final ProblemWriter problems;
    private final String challenge;
    private final String invalidBearerChallenge;
    private final String realm;

    AuthenticationFilter(List<Authenticator> authenticators, RouteSettings.Cache routes, ProblemWriter problems,
                         String realm) {
        this.authenticators = List.copyOf(authenticators);
        this.routes = routes;
        this.problems = problems;
        this.realm = realm;
        // RFC 9110 §11.6.1: one field, comma-separated challenges, each "scheme auth-param, ...".
        this.challenge = "Bearer realm=\"" + realm + "\", ApiKey realm=\"" + realm + "\"";
        this.invalidBearerChallenge = "Bearer realm=\"" + realm + "\", error=\"invalid_token\", ApiKey realm=\""
                + realm + "\"";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Authenticators answered from memory return {@code Mono.just}/{@code Mono.empty}; those are read
     * in place, so the common request pays for no operator chain. Only an authenticator that really
     * waits (a partner IdP's keys being fetched) switches the rest of the chain to reactive operators.
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<AuthResult> results = new ArrayList<>(2);
        for (int i = 0; i < authenticators.size(); i++) {
            Mono<AuthResult> answer = authenticators.get(i).authenticate(exchange);
            if (!(answer instanceof Callable<?> scalar)) {
                List<Authenticator> rest = authenticators.subList(i + 1, authenticators.size());
                return answer.concatWith(Flux.fromIterable(rest).concatMap(a -> a.authenticate(exchange)))
                        .collectList()
                        .flatMap(later -> {
                            results.addAll(later);
                            return decide(exchange, chain, results);
                        });
            }
            AuthResult result = call(scalar);
            if (result != null) {
                results.add(result);
            }
        }
        return decide(exchange, chain, results);
    }

    private static AuthResult call(Callable<?> scalar) {
        try {
            return (AuthResult) scalar.call();
        } catch (Exception e) {
            throw new IllegalStateException("an in-memory authenticator failed", e);
        }
    }

    private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, List<AuthResult> results) {
        if (results.isEmpty()) {
            return unauthorized(exchange, HubError.UNAUTHENTICATED, Rejections.UNAUTHENTICATED,
                    "Authenticate with a client certificate, a bearer token or an API key", challenge);
        }
        // RFC 6750 §3.1: invalid_token makes an OAuth client fetch a new token, so it is said only of a refused token
        boolean bearerRefused = false;
        for (AuthResult result : results) {
            bearerRefused |= result instanceof AuthResult.Refused && result.method() == AuthMethod.OAUTH2_JWT;
        }
        String failedChallenge = bearerRefused ? invalidBearerChallenge : challenge;
        AuthResult.Refused suspended = null;
        for (AuthResult result : results) {
            if (result instanceof AuthResult.Refused refused) {
                log.debug("Refused {} credential: {}", refused.method(), refused.reason());
                if (refused.error() != HubError.PARTNER_SUSPENDED) {
                    return unauthorized(exchange, HubError.INVALID_CREDENTIALS, Rejections.INVALID_CREDENTIALS,
                            "The presented credentials are not valid", failedChallenge);
                }
                suspended = refused;
            }
        }
        if (suspended != null) {
            return reject(exchange, HubError.PARTNER_SUSPENDED, Rejections.PARTNER_SUSPENDED,
                    "The partner account is not active");
        }
        PartnerSnapshot partner = ((AuthResult.Accepted) results.get(0)).partner();
        UUID partnerId = partner.id();
        Set<AuthMethod> used = EnumSet.noneOf(AuthMethod.class);
        for (AuthResult result : results) {
            if (!((AuthResult.Accepted) result).partner().id().equals(partnerId)) {
                return unauthorized(exchange, HubError.INVALID_CREDENTIALS, Rejections.INVALID_CREDENTIALS,
                        "The presented credentials are not valid", failedChallenge);
            }
            used.add(result.method());
        }
        AuthPolicy policy = partner.authPolicy() == null ? AuthPolicy.ANY : partner.authPolicy();
        if (!policy.allowed().containsAll(used)) {
            return unauthorized(exchange, HubError.INVALID_CREDENTIALS, Rejections.AUTH_POLICY,
                    "This partner may authenticate only with: " + describe(policy.allowed()), challenge);
        }
        if (!used.containsAll(policy.required())) {
            return unauthorized(exchange, HubError.UNAUTHENTICATED, Rejections.AUTH_POLICY,
                    "This partner must authenticate with: " + describe(policy.required()), challenge);
        }
        Set<String> scopes = scopes(results);
        RouteSettings route = routes.of(exchange);
        PartnerPrincipal principal = new PartnerPrincipal(partnerId, partner.slug(), partner.effectivePlan(), scopes, used);
        exchange.getAttributes().put(PartnerPrincipal.ATTRIBUTE, principal);
        if (!scopes.containsAll(route.requiredScopes())) {
            String needed = String.join(" ", route.requiredScopes());
            if (used.contains(AuthMethod.OAUTH2_JWT)) {
                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm
                        + "\", error=\"insufficient_scope\", scope=\"" + needed + "\"");
            }
            return reject(exchange, HubError.INSUFFICIENT_SCOPE, Rejections.INSUFFICIENT_SCOPE,
                    "This operation needs the scopes: " + needed);
        }
        return chain.filter(exchange);
    }

    private static Set<String> scopes(List<AuthResult> accepted) {
        if (accepted.size() == 1) {
            return ((AuthResult.Accepted) accepted.get(0)).scopes();
        }
        for (AuthResult a : accepted) {
            if (a.method() == AuthMethod.OAUTH2_JWT) {
                return ((AuthResult.Accepted) a).scopes();
            }
        }
        Set<String> union = new HashSet<>();
        accepted.forEach(a -> union.addAll(((AuthResult.Accepted) a).scopes()));
        return union;
    }

    private static String describe(Set<AuthMethod> methods) {
        return methods.stream().sorted().map(m -> switch (m) {
            case MTLS -> "client certificate";
            case OAUTH2_JWT -> "OAuth2 bearer token";
            case API_KEY -> "API key";
        }).collect(Collectors.joining(", "));
    }

    private Mono<Void> unauthorized(ServerWebExchange exchange, HubError error, String reason, String detail,
                                    String wwwAuthenticate) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate);
        return reject(exchange, error, reason, detail);
    }

    private Mono<Void> reject(ServerWebExchange exchange, HubError error, String reason, String detail) {
        Rejections.mark(exchange, reason);
        return problems.write(exchange, error, detail);
    }
}
