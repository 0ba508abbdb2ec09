package io.barberpro.hub.gateway.protect;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import io.barberpro.hub.gateway.PerRoute;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Spring Cloud Gateway's routing filter, doing its work with fewer copies, and with the upstream time limits
 * kept on the connection.
 * The stock filter, once {@code connect-timeout} and {@code response-timeout} are configured,
 * copies the whole HTTP client configuration for every request (to set the connect timeout it
 * already has) and arms a Reactor timer for every request on a shared scheduler, whose queue is
 * guarded by a lock the event loops then contend on.
 * <p>
 * Here each route gets its client once: the base client with the route's {@code connect-timeout}
 * metadata if it has one, and Reactor Netty's response timeout (the route's {@code response-timeout}
 * metadata in ms, else {@code httpclient.response-timeout}). That timeout is a read timeout on the
 * upstream connection, armed on the connection's own event loop: it fires when the upstream sends
 * nothing for that long, before the response headers or between two reads of the body, and the
 * partner gets 504 {@code upstream-timeout} ({@link UpstreamErrorHandler}) while nothing was sent yet.
 * <p>
 * The request itself goes out as the stock filter sends it, with the same exchange attributes for the
 * filters after it, but without the stock filter's per-request overhead: the filtered request headers are
 * written straight into the upstream request (not first into an intermediate Netty header set), the route's
 * client is used as it is (not through a {@code Mono} per request), and the upstream's response headers
 * are copied into a Netty header set, which the response headers filters then work on, rather than into a
 * case-insensitive map that lower-cases every name. Hop-by-hop headers are removed by {@link HopByHopHeaders},
 * which leaves a message without any as it is.
 */
final class UpstreamRoutingFilter extends NettyRoutingFilter {

    /** Spring Cloud Gateway's route metadata key, in ms. */
    static final String RESPONSE_TIMEOUT = "response-timeout";

    private final Duration defaultResponseTimeout;
    private final PerRoute<HttpClient> clients = new PerRoute<>(this::clientFor);
    private volatile List<HttpHeadersFilter> headersFilters;

    UpstreamRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                          HttpClientProperties properties) {
        super(httpClient, headersFilters, withoutResponseTimeout(properties));
        this.defaultResponseTimeout = properties.getResponseTimeout();
    }

    /** The stock filter reads only these two settings; the response timeout is this filter's job. */
    private static HttpClientProperties withoutResponseTimeout(HttpClientProperties properties) {
        HttpClientProperties connectOnly = new HttpClientProperties();
        connectOnly.setConnectTimeout(properties.getConnectTimeout());
        return connectOnly;
    }

    /** The application's headers filters, with {@link HopByHopHeaders} in place of the stock hop-by-hop filter. */
    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        List<HttpHeadersFilter> filters = headersFilters;
        if (filters == null) {
            List<HttpHeadersFilter> configured = super.getHeadersFilters();
            filters = configured == null ? List.of() : configured.stream()
                    .map(filter -> filter.getClass() == RemoveHopByHopHeadersFilter.class
                            ? new HopByHopHeaders(((RemoveHopByHopHeadersFilter) filter).getHeaders()) : filter)
                    .toList();
            headersFilters = filters;
        }
        return filters;
    }

    @Override
    protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
        return clients.get(route);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        String scheme = requestUrl.getScheme();
        if (isAlreadyRouted(exchange) || (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme))) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders upstreamHeaders = HttpHeadersFilter.filterRequest(getHeadersFilters(), exchange);
        boolean preserveHost = exchange.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false);
        String host = preserveHost ? request.getHeaders().getFirst(HttpHeaders.HOST) : null;
        Route route = exchange.getRequiredAttribute(GATEWAY_ROUTE_ATTR);

        return clients.get(route)
                .headers(headers -> {
                    upstreamHeaders.forEach(headers::set);
                    // Host is the upstream's (Netty sets it from the URL) unless the route preserves the partner's
                    headers.remove(HttpHeaders.HOST);
                    if (host != null) {
                        headers.set(HttpHeaders.HOST, host);
                    }
                })
                .request(HttpMethod.valueOf(request.getMethod().name()))
                .uri(asSent(requestUrl))
                .send((upstreamRequest, outbound) -> carriesContent(request.getHeaders())
                        ? outbound.send(request.getBody().map(this::getByteBuf))
                        // untouched, Reactor Netty frames no content: GET, HEAD and DELETE go without Content-Length
                        // (RFC 9110 §8.6), other methods with Content-Length: 0
                        : outbound)
                .responseConnection((response, connection) -> {
                    // the response filters (UpstreamResponseWriter) write the body from this connection
                    exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, response);
                    exchange.getAttributes().put(CLIENT_RESPONSE_CONN_ATTR, connection);
                    receive(response, exchange);
                    return Mono.just(response);
                })
                .then(chain.filter(exchange));
    }

    /**
     * The upstream URL in the form Reactor Netty uses without parsing it again. Given a string, as the stock filter
     * gives it, Reactor Netty takes the URL apart with a regular expression on every request; given a
     * {@link URI}, it reads the parsed parts. The request target it then writes is the URL's raw path and query,
     * which for an all-ASCII URL (every URL Spring Cloud Gateway builds from a well-formed request target) is
     * exactly what the string form would have carried. Other characters are percent-encoded first, as
     * {@link URI#toASCIIString()} does for the string form, so the upstream never sees a non-ASCII request line.
     */
    static URI asSent(URI url) {
        String ascii = url.toASCIIString();
        // encoding only ever lengthens the string, so an unchanged length means nothing needed encoding
        return ascii.length() == url.toString().length() ? url : URI.create(ascii);
    }

    /**
     * Whether the partner's request has content to pass on: without Content-Length and Transfer-Encoding an
     * HTTP/1.1 request has none (RFC 9112 §6.3). An HTTP/2 request reaches this filter framed the same way:
     * {@link BodySizeLimitFilter}, which runs first, reads the body of every HTTP/2 request and gives one that has
     * content its length.
     */
    static boolean carriesContent(HttpHeaders headers) {
        return headers.getContentLength() >= 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
    }

    /** The upstream's status and headers onto the partner's response, as the stock filter puts them. */
    private void receive(HttpClientResponse upstream, ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(upstream.responseHeaders().copy()));
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.isEmpty()) {
            exchange.getAttributes().put(ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR, contentType);
        }
        response.setStatusCode(HttpStatusCode.valueOf(upstream.status().code()));
        HttpHeaders filtered = HttpHeadersFilter.filter(getHeadersFilters(), headers, exchange, HttpHeadersFilter.Type.RESPONSE);
        if (!filtered.containsKey(HttpHeaders.TRANSFER_ENCODING) && filtered.containsKey(HttpHeaders.CONTENT_LENGTH)) {
            // a message carries one of the two (RFC 9112 §6.3)
            response.getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
        }
        exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, filtered.keySet());
        response.getHeaders().addAll(filtered);
    }

    /** The stock client for the route (its connect timeout), with the route's response timeout. */
    private HttpClient clientFor(Route route) {
        HttpClient client = super.getHttpClient(route, null);
        Duration responseTimeout = responseTimeout(route);
        return responseTimeout == null ? client : client.responseTimeout(responseTimeout);
    }

    private Duration responseTimeout(Route route) {
        Object millis = route.getMetadata().get(RESPONSE_TIMEOUT);
        if (millis == null) {
            return defaultResponseTimeout;
        }
        long value;
        try {
            value = millis instanceof Number number ? number.longValue() : Long.parseLong(millis.toString());
        } catch (NumberFormatException e) {
            // as Spring Cloud Gateway reads it: an unreadable value leaves the default in force
            return defaultResponseTimeout;
        }
        // and a negative one means no time limit on this route
        return value < 0 ? null : Duration.ofMillis(value);
    }
}
