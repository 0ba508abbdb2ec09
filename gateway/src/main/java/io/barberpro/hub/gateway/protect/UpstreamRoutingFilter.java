package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.gateway.PerRoute;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's routing filter with the upstream time limits kept on the connection.
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
 * A route with {@code response-timeout} metadata is also timed by the stock mechanism, which reads it
 * itself; the two limits are the same, so that route pays for a second timer, not a second limit.
 * <p>
 * Hop-by-hop headers are removed by {@link HopByHopHeaders}, which leaves a message without any as it is.
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
