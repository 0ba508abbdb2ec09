package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.gateway.PartnerProtocol;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * First gateway filter: when the response is committed (by the upstream's answer or by any of the
 * hub's own refusals and error handlers) it records the per-partner metrics and writes one access
 * log line: partner, request id, method, path (never the query string, which may carry secrets),
 * protocol version, route, status, latency and, for the hub's own refusals, the reason. Latency is wall time on the
 * monotonic clock, not the injected one (which tests freeze); the line's timestamp is the injected clock's.
 * The line is written by {@link AccessLogWriter}, off the event loop.
 */
public final class AccessLogFilter implements GlobalFilter, Ordered {

    /** Before the authentication chain, so refusals are measured too. */
    public static final int ORDER = -1000;

    private final GatewayMetrics metrics;
    private final AccessLogWriter accessLog;
    private final Clock clock;

    /**
     * @param accessLog {@code null} when the access log is switched off
     */
    AccessLogFilter(GatewayMetrics metrics, AccessLogWriter accessLog, Clock clock) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        exchange.getResponse().beforeCommit(() -> {
            record(exchange, System.nanoTime() - start);
            return Mono.empty();
        });
        return chain.filter(exchange);
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
        String routeId = route == null ? "none" : route.getId();
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status == null ? 200 : status.value();
        String reason = Rejections.of(exchange);
        metrics.request(partner, routeId, code, Duration.ofNanos(nanos));
        if (reason != null) {
            metrics.rejection(partner, reason);
        }
        if (accessLog != null) {
            accessLog.write(new AccessRecord(clock.millis(), partner, principal == null ? null : principal.partnerId(),
                    RequestIds.of(exchange), exchange.getRequest().getMethod().name(),
                    exchange.getRequest().getPath().value(), protocol(exchange), routeId, code, nanos, reason));
        }
    }
}
