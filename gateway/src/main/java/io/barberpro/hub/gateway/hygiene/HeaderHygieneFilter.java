package io.barberpro.hub.gateway.hygiene;

import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.barberpro.hub.gateway.ratelimit.RateLimitFilter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the upstream sees about the caller is what the gateway established, never what the caller
 * claimed:
 * <ul>
 *   <li>client-sent identity headers ({@code X-Partner-*}, {@code X-Authenticated-*}) are dropped and
 *       {@code X-Partner-Id} is set to the authenticated partner;</li>
 *   <li>credentials never travel upstream: {@code X-API-Key} and {@code Authorization} are removed
 *       (no upstream of the hub authenticates the partner again);</li>
 *   <li>{@code X-Forwarded-*} and {@code Forwarded} are believed only from {@code hub.gateway.trusted-proxies}:
 *       from a trusted proxy the peer is appended to {@code X-Forwarded-For}; from anyone else all
 *       forwarding headers are replaced by the real peer, scheme and host;</li>
 *   <li>{@code X-Request-Id} is the hub's request id (a well-formed incoming one is kept by hub-core);</li>
 *   <li>{@code traceparent} is passed on when valid, otherwise created ({@code tracestate} goes with an
 *       invalid one).</li>
 * </ul>
 * Spring Cloud Gateway's own forwarded-header filters must stay off
 * ({@code spring.cloud.gateway.server.webflux.trusted-proxies} unset) so they do not append a second time.
 */
public final class HeaderHygieneFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RateLimitFilter.ORDER + 100;
    public static final String PARTNER_ID = "X-Partner-Id";

    private static final List<String> IDENTITY_PREFIXES = List.of("x-partner-", "x-authenticated-");
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String FORWARDED_PORT = "X-Forwarded-Port";
    private static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private final TrustedProxies trustedProxies;

    HeaderHygieneFilter(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PartnerPrincipal principal = exchange.getAttribute(PartnerPrincipal.ATTRIBUTE);
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        boolean trusted = trustedProxies.trusts(peer);
        String requestId = RequestIds.of(exchange);
        ServerHttpRequest cleaned = request.mutate().headers(headers -> {
            headers.keySet().removeIf(HeaderHygieneFilter::isIdentityHeader);
            headers.remove("X-API-Key");
            headers.remove(HttpHeaders.AUTHORIZATION);
            if (principal != null) {
                headers.set(PARTNER_ID, principal.partnerId().toString());
            }
            headers.set(RequestIds.HEADER, requestId);
            forwarding(headers, request, peer, trusted);
            if (!TraceContext.isValid(headers.getFirst(TraceContext.TRACEPARENT))) {
                headers.remove(TraceContext.TRACESTATE);
                headers.set(TraceContext.TRACEPARENT, TraceContext.create());
            }
        }).build();
        return chain.filter(exchange.mutate().request(cleaned).build());
    }

    private static boolean isIdentityHeader(String name) {
        for (String prefix : IDENTITY_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    private static void forwarding(HttpHeaders headers, ServerHttpRequest request, InetAddress peer, boolean trusted) {
        String peerAddress = peer == null ? null : peer.getHostAddress();
        if (trusted) {
            if (peerAddress != null) {
                String previous = headers.getFirst(FORWARDED_FOR);
                headers.set(FORWARDED_FOR, previous == null || previous.isBlank() ? peerAddress
                        : previous + ", " + peerAddress);
            }
            if (!headers.containsKey(FORWARDED_PROTO)) {
                headers.set(FORWARDED_PROTO, request.getURI().getScheme());
            }
            return;
        }
        headers.remove("Forwarded");
        headers.remove(FORWARDED_PORT);
        headers.remove(FORWARDED_PREFIX);
        if (peerAddress != null) {
            headers.set(FORWARDED_FOR, peerAddress);
        } else {
            headers.remove(FORWARDED_FOR);
        }
        headers.set(FORWARDED_PROTO, request.getURI().getScheme());
        String host = headers.getFirst(HttpHeaders.HOST);
        if (host != null) {
            headers.set(FORWARDED_HOST, host);
        } else {
            headers.remove(FORWARDED_HOST);
        }
    }
}
