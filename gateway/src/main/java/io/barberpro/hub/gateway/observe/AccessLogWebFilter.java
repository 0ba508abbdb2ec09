package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.core.listener.ListenerRefusal;
import io.barberpro.hub.core.listener.ListenerRefusalLog;
import io.barberpro.hub.core.listener.ListenerRole;
import io.barberpro.hub.core.listener.ListenerRoleWebFilter;
import io.barberpro.hub.core.web.RequestIdAndDateWebFilter;
import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.gateway.PartnerProtocol;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.time.Duration;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Measures and logs every request on the partner edge: when its response is committed (by the upstream's answer,
 * the hub's own refusals and error handlers, or a request no route matches) it records the per-partner metrics and
 * writes one access log line: partner, request id, method, path (never the query string, which may carry
 * secrets), protocol version, route ({@code none} when none matched), status, latency and, for the hub's own
 * refusals, the reason. Latency is wall time on the monotonic clock, not the injected one (which tests freeze);
 * the line's timestamp is the injected clock's. The line is written by {@link AccessLogWriter}, off the event loop.
 *
 * <p>A web filter rather than a gateway filter: a gateway filter runs only once a route has matched, so a request
 * for a path no route serves, or one the listener refuses ({@link ListenerRoleWebFilter}: request line or header
 * block over the edge's limit, no {@code Host}, an admin path), would reach the partner without a line or a count.
 * It runs right after the request id is fixed and before the listener's checks; requests on the admin listener
 * pass through unrecorded (Spring's {@code http.server.requests} measures those).
 *
 * <p>The requests the listener answers below the web handler, which no filter sees (undecodable, untrustworthy
 * framing, a header that timed out), it records as their {@link ListenerRefusalLog}: with the request id their
 * problem carries, route {@code none}, and what was read of the request line.
 */
public final class AccessLogWebFilter implements WebFilter, Ordered, ListenerRefusalLog {

    /** After {@link RequestIdAndDateWebFilter}, so the line carries the request's id; before the listener's refusals. */
    public static final int ORDER = RequestIdAndDateWebFilter.ORDER + 5;

    static final String NO_ROUTE = "none";

    private final GatewayMetrics metrics;
    private final AccessLogWriter accessLog;
    private final Clock clock;

    /**
     * @param accessLog {@code null} when the access log is switched off
     */
    AccessLogWebFilter(GatewayMetrics metrics, AccessLogWriter accessLog, Clock clock) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        exchange.getResponse().beforeCommit(() -> {
            // the listener's role is known by now: ListenerRoleWebFilter sets it before it refuses or passes on
            if (ListenerRoleWebFilter.role(exchange) == ListenerRole.EDGE) {
                record(exchange, System.nanoTime() - start);
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public void refused(ListenerRefusal refusal) {
        meterAndLog(new AccessRecord(clock.millis(), GatewayMetrics.UNKNOWN_PARTNER, null, refusal.requestId(),
                refusal.method(), refusal.path(), refusal.protocol(), NO_ROUTE, refusal.status(),
                refusal.latencyNanos(), null));
    }

    /** {@code HTTP/1.1} or {@code HTTP/2.0} as Netty names them (constants, nothing built per request). */
    private static String protocol(ServerWebExchange exchange) {
        HttpVersion version = PartnerProtocol.of(exchange.getRequest());
        return version == null ? "-" : version.text();
    }

    private void record(ServerWebExchange exchange, long nanos) {
        PartnerPrincipal principal = exchange.getAttribute(PartnerPrincipal.ATTRIBUTE);
        String partner = principal == null ? GatewayMetrics.UNKNOWN_PARTNER : principal.slug();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? NO_ROUTE : route.getId();
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        meterAndLog(new AccessRecord(clock.millis(), partner, principal == null ? null : principal.partnerId(),
                RequestIds.of(exchange), exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value(), protocol(exchange), routeId,
                status == null ? 200 : status.value(), nanos, Rejections.of(exchange)));
    }

    /** The request's meters, then its line: one record for the request that was served and the one refused alike. */
    private void meterAndLog(AccessRecord request) {
        metrics.request(request.partner(), request.route(), request.status(), Duration.ofNanos(request.latencyNanos()));
        if (request.reason() != null) {
            metrics.rejection(request.partner(), request.reason());
        }
        if (accessLog != null) {
            accessLog.write(request);
        }
    }
}
