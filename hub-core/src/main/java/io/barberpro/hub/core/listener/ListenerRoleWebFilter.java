package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Keeps admin paths off the partner edge and partner paths off the admin listener. Both listeners
 * share one handler, so this is the single place that separates them; a miss answers 404 so the
 * partner edge does not even reveal that an admin API exists.
 *
 * <p>It also enforces the edge's {@code hub.listeners.edge.max-header-size}: a larger header block
 * gets a {@code headers-too-large} problem (431, {@code Connection: close}) instead of Reactor
 * Netty's bare 431. This filter already works out the listener role, and it runs right after
 * {@link io.barberpro.hub.core.web.RequestIdAndDateWebFilter}, so the problem carries the request id
 * without another filter on every request's path. The decoder itself only enforces the hard
 * ceiling ({@link EdgeListeners#decoderMaxHeaderSize}); above it no request reaches a filter, and
 * {@link UndecodableRequestProblems} answers the problem. The request line's limit,
 * {@code hub.listeners.edge.max-request-line}, works the same way: over it a {@code uri-too-long}
 * problem (414), over the decoder's ceiling ({@link EdgeListeners#decoderMaxInitialLineLength}) the
 * same from {@link UndecodableRequestProblems}. And it answers an
 * HTTP/1.1 request without exactly one {@code Host} field with a {@code bad-request} problem (400),
 * which RFC 9112 requires and Netty's decoder does not do.
 */
public class ListenerRoleWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final String ROLE_ATTRIBUTE = ListenerRoleWebFilter.class.getName() + ".role";

    /** Each prefix as configured and without its trailing slash, worked out once rather than per request. */
    private final List<AdminPrefix> adminPrefixes;
    private final EdgeListeners edgeListeners;
    private final ProblemWriter problems;
    private final long maxHeaderSize;
    private final long maxRequestLine;

    public ListenerRoleWebFilter(ListenerProperties properties, EdgeListeners edgeListeners, ProblemWriter problems) {
        this.adminPrefixes = properties.adminPathPrefixes().stream().map(AdminPrefix::of).toList();
        this.edgeListeners = edgeListeners;
        this.problems = problems;
        this.maxHeaderSize = properties.edge().maxHeaderSize().toBytes();
        this.maxRequestLine = properties.edge().maxRequestLine().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ListenerRole role = roleOf(exchange);
        exchange.getAttributes().put(ROLE_ATTRIBUTE, role);
        if (role == ListenerRole.EDGE) {
            HttpServerRequest nettyRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
            if (lacksOneHost(nettyRequest)) {
                return refuse(exchange, HubError.BAD_REQUEST,
                        "An HTTP/1.1 request must carry exactly one Host header field");
            }
            if (exceedsMaxRequestLine(nettyRequest)) {
                return refuse(exchange, HubError.URI_TOO_LONG,
                        "The request line exceeds the limit of " + maxRequestLine + " bytes");
            }
            if (exceedsMaxHeaderSize(nettyRequest)) {
                return refuse(exchange, HubError.HEADERS_TOO_LARGE,
                        "The request's header fields exceed the limit of " + maxHeaderSize + " bytes");
            }
        }
        boolean adminPath = isAdminPath(exchange.getRequest().getPath().value());
        if ((role == ListenerRole.EDGE) == adminPath) {
            return problems.write(exchange, HubError.NOT_FOUND, null);
        }
        return chain.filter(exchange);
    }

    /** Like Netty's own 414 and 431: whatever else the client pipelines on this connection is not worth reading. */
    private Mono<Void> refuse(ServerWebExchange exchange, HubError error, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, error, detail);
    }

    /**
     * RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without a Host header field or with more than
     * one; Netty's decoder lets both through. HTTP/1.0 may leave Host out, and HTTP/2 names the authority in
     * {@code :authority}.
     */
    private static boolean lacksOneHost(HttpServerRequest nettyRequest) {
        if (!HttpVersion.HTTP_1_1.equals(nettyRequest.version())) {
            return false;
        }
        // walked rather than copied into a list: this runs on every partner request
        Iterator<? extends CharSequence> hosts = nettyRequest.requestHeaders().valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return true;
        }
        hosts.next();
        return hosts.hasNext();
    }

    /**
     * Measures the request line as Netty's decoder does: method, space, request target as sent, space, version,
     * without the CRLF. Over HTTP/2 the same line the request stands for, so one limit holds for both.
     */
    private boolean exceedsMaxRequestLine(HttpServerRequest nettyRequest) {
        return nettyRequest.method().name().length() + 1 + nettyRequest.uri().length() + 1
                + nettyRequest.version().text().length() > maxRequestLine;
    }

    /**
     * Measures the header block as Netty's decoder does, or a little under it, so a block within
     * the limit by Netty's count is never refused. Netty counts each header line without its CRLF:
     * name, colon, optional whitespace and value. The whitespace is trimmed before the hub sees the
     * headers, so it is not counted here, and a block over the limit by that whitespace alone
     * passes. The request line is not counted: Netty bounds it separately (its max initial line
     * length). Netty's own headers are read rather than Spring's adapter, whose iteration copies
     * every header into a list; the edge always runs on Reactor Netty.
     */
    private boolean exceedsMaxHeaderSize(HttpServerRequest nettyRequest) {
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = nettyRequest.requestHeaders().iteratorCharSequence();
        long size = 0;
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            size += header.getKey().length() + 1 + header.getValue().length();
            if (size > maxHeaderSize) {
                return true;
            }
        }
        return false;
    }

    private boolean isAdminPath(String path) {
        for (AdminPrefix prefix : adminPrefixes) {
            if (path.startsWith(prefix.prefix()) || path.equals(prefix.bare())) {
                return true;
            }
        }
        return false;
    }

    /** {@code /admin/} also matches {@code /admin} itself. */
    private record AdminPrefix(String prefix, String bare) {
        static AdminPrefix of(String prefix) {
            return new AdminPrefix(prefix, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
    }

    private ListenerRole roleOf(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && edgeListeners.isEdgePort(local.getPort()) ? ListenerRole.EDGE : ListenerRole.ADMIN;
    }

    public static ListenerRole role(ServerWebExchange exchange) {
        ListenerRole role = exchange.getAttribute(ROLE_ATTRIBUTE);
        return role == null ? ListenerRole.ADMIN : role;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
