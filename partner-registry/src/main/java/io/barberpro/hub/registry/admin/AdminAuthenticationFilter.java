package io.barberpro.hub.registry.admin;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.listener.AdminListenerOnly;
import io.barberpro.hub.core.listener.ListenerRoleWebFilter;
import io.barberpro.hub.core.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /admin/**} with the admin bearer token. There is one admin principal, so every
 * failure is a 401: no header (or another scheme) is {@code unauthenticated}, a wrong token is
 * {@code invalid-credentials}; 403 is never used because a valid token grants everything. The
 * OpenAPI document and Swagger UI are left open on the admin listener: they describe, not act.
 */
public class AdminAuthenticationFilter implements WebFilter, Ordered, AdminListenerOnly {

    /** Right after the listener split, so the partner edge 404s admin paths before anything else. */
    public static final int ORDER = ListenerRoleWebFilter.ORDER + 10;
    public static final String PRINCIPAL_ATTRIBUTE = AdminAuthenticationFilter.class.getName() + ".principal";
    static final String PATH_PREFIX = "/admin/";
    private static final String CHALLENGE = "Bearer realm=\"hub-admin\"";

    private final AdminToken token;
    private final String principal;
    private final ProblemWriter problems;

    public AdminAuthenticationFilter(AdminToken token, String principal, ProblemWriter problems) {
        this.token = token;
        this.principal = principal;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith(PATH_PREFIX)) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            return problems.write(exchange, HubError.UNAUTHENTICATED, "The admin API needs an admin bearer token");
        }
        if (!token.matches(authorization.substring(7).strip())) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
            return problems.write(exchange, HubError.INVALID_CREDENTIALS, "The admin token is not valid");
        }
        exchange.getAttributes().put(PRINCIPAL_ATTRIBUTE, principal);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
