package io.barberpro.hub.gateway.hygiene;

import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.gateway.PartnerProtocol;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.barberpro.hub.gateway.ratelimit.RateLimitFilter;
import io.netty.handler.codec.http.HttpVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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
 *       from a trusted proxy the peer is appended to {@code X-Forwarded-For}, and to {@code Forwarded} when the
 *       proxy sent one, so both name the same chain; from anyone else all
 *       forwarding headers are replaced by the real peer, scheme and host;</li>
 *   <li>{@code Via} names the hub's hop after those the request already passed;</li>
 *   <li>{@code X-Request-Id} is the hub's request id (a well-formed incoming one is kept by hub-core);</li>
 *   <li>{@code traceparent} is passed on when valid, otherwise created ({@code tracestate} goes with an
 *       invalid one); sent twice, it is invalid.</li>
 * </ul>
 * For an HTTP upstream this runs as one of Spring Cloud Gateway's {@link HttpHeadersFilter}s
 * ({@link UpstreamHeaders}), while the routing filter copies the partner's headers into the upstream
 * request anyway: the headers are copied once, and the exchange is not mutated on every request. It
 * runs last of them, so the headers it adds are not copied again by the filters before it. A
 * {@code forward:} route (served in-process, where no headers filter runs) gets the same headers as a
 * mutated request, as a global filter.
 * Spring Cloud Gateway's own forwarded-header filters must stay off
 * ({@code spring.cloud.gateway.server.webflux.trusted-proxies} unset) so they do not append a second time.
 */
public final class HeaderHygieneFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RateLimitFilter.ORDER + 100;
    public static final String PARTNER_ID = "X-Partner-Id";

    private static final List<String> IDENTITY_PREFIXES = List.of("x-partner-", "x-authenticated-");
    private static final List<String> CREDENTIALS = List.of("X-API-Key", HttpHeaders.AUTHORIZATION);
    private static final String FORWARDED = "Forwarded";
    private static final List<String> FORWARDING = List.of(FORWARDED, "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix");
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String FORWARD_SCHEME = "forward";
    private static final String VIA = "Via";
    /**
     * RFC 9110 §7.6.3: a gateway MUST add itself to {@code Via} on the requests it forwards, as received-protocol and
     * a pseudonym (no host name); the partner's responses get none, so partners are not told what answers them.
     */
    private static final String VIA_HTTP_1_1 = "1.1 barberpro-hub";
    private static final String VIA_HTTP_2 = "2 barberpro-hub";
    private static final String VIA_HTTP_1_0 = "1.0 barberpro-hub";

    private final TrustedProxies trustedProxies;

    HeaderHygieneFilter(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** In-process ({@code forward:}) routes only; HTTP upstreams get the same through {@link #filter(HttpHeaders, ServerWebExchange)}. */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !FORWARD_SCHEME.equals(route.getUri().getScheme())) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders cleaned = filter(request.getHeaders(), exchange);
        ServerHttpRequest forwarded = request.mutate().headers(headers -> {
            headers.clear();
            headers.putAll(cleaned);
        }).build();
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    /** The upstream request's headers: a copy of the partner's, cleaned. */
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        boolean trusted = trustedProxies.trusts(peer);
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!dropped(name, trusted)) {
                headers.put(name, values);
            }
        });
        PartnerPrincipal principal = exchange.getAttribute(PartnerPrincipal.ATTRIBUTE);
        if (principal != null) {
            headers.set(PARTNER_ID, principal.partnerId().toString());
        }
        headers.set(RequestIds.HEADER, RequestIds.of(exchange));
        forwarding(headers, input, request, peer, trusted);
        headers.set(VIA, appended(input.get(VIA), via(request)));
        List<String> traceparent = headers.get(TraceContext.TRACEPARENT);
        // two lines combine into one value (RFC 9110 §5.3) that is no traceparent, whatever each line says
        if (traceparent == null || traceparent.size() != 1 || !TraceContext.isValid(traceparent.get(0))) {
            headers.remove(TraceContext.TRACESTATE);
            headers.set(TraceContext.TRACEPARENT, TraceContext.create());
        }
        return headers;
    }

    /** This filter's header cleaning, as the last of the routing filter's request headers filters. */
    public static final class UpstreamHeaders implements HttpHeadersFilter, Ordered {

        private final HeaderHygieneFilter hygiene;

        UpstreamHeaders(HeaderHygieneFilter hygiene) {
            this.hygiene = hygiene;
        }

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            return hygiene.filter(input, exchange);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** The protocol the partner spoke; a request Reactor Netty did not read (a mock, a filter's own) tells none. */
    private static String via(ServerHttpRequest request) {
        HttpVersion version = PartnerProtocol.of(request);
        if (version != null && version.majorVersion() == 2) {
            return VIA_HTTP_2;
        }
        if (version != null && version.majorVersion() == 1 && version.minorVersion() == 0) {
            return VIA_HTTP_1_0;
        }
        return VIA_HTTP_1_1;
    }

    /** The chain as one list: a proxy may have sent it on several field lines, each part of it (RFC 9110 §5.3). */
    private static String appended(List<String> chain, String hop) {
        if (chain == null) {
            return hop;
        }
        StringBuilder joined = new StringBuilder();
        for (String line : chain) {
            if (!line.isBlank()) {
                joined.append(line).append(", ");
            }
        }
        return joined.append(hop).toString();
    }

    /** RFC 7239 §6: an IPv6 node is bracketed, and then quoted, since ':' and '[' are not token characters. */
    private static String forwardedNode(InetAddress peer) {
        return peer instanceof Inet6Address ? "\"[" + peer.getHostAddress() + "]\"" : peer.getHostAddress();
    }

    private static boolean dropped(String name, boolean trustedPeer) {
        for (String prefix : IDENTITY_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        if (containsIgnoreCase(CREDENTIALS, name)) {
            return true;
        }
        return !trustedPeer && containsIgnoreCase(FORWARDING, name);
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void forwarding(HttpHeaders headers, HttpHeaders input, ServerHttpRequest request, InetAddress peer,
                                   boolean trusted) {
        String peerAddress = peer == null ? null : peer.getHostAddress();
        if (trusted) {
            if (peerAddress != null) {
                headers.set(FORWARDED_FOR, appended(input.get(FORWARDED_FOR), peerAddress));
                if (input.containsKey(FORWARDED)) {
                    headers.set(FORWARDED, appended(input.get(FORWARDED), "for=" + forwardedNode(peer)));
                }
            }
            if (!headers.containsKey(FORWARDED_PROTO)) {
                headers.set(FORWARDED_PROTO, request.getURI().getScheme());
            }
            return;
        }
        if (peerAddress != null) {
            headers.set(FORWARDED_FOR, peerAddress);
        }
        headers.set(FORWARDED_PROTO, request.getURI().getScheme());
        String host = input.getFirst(HttpHeaders.HOST);
        if (host != null) {
            headers.set(FORWARDED_HOST, host);
        }
    }
}
