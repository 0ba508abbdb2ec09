package io.barberpro.hub.gateway.api;

import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.RatePlan;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, once the gateway's authentication chain has accepted the request. Stored as an
 * exchange attribute; later filters (rate limit, header hygiene, metrics, access log) read it.
 *
 * @param partnerId the partner the upstream sees as {@code X-Partner-Id}
 * @param slug      the partner's slug (metrics tags, logs)
 * @param plan      the partner's effective rate plan
 * @param scopes    what the presented credentials grant
 * @param methods   the methods the request proved itself with
 */
public record PartnerPrincipal(UUID partnerId, String slug, RatePlan plan, Set<String> scopes,
                               Set<AuthMethod> methods) {

    public static final String ATTRIBUTE = PartnerPrincipal.class.getName();

    public PartnerPrincipal {
        scopes = Set.copyOf(scopes);
        methods = Set.copyOf(methods);
    }

    public static Optional<PartnerPrincipal> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }
}
