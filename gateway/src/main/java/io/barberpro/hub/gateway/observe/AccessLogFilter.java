package io.barberpro.hub.gateway.observe;

import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * route, status, latency and, for the hub's own refusals, the reason. Latency is wall time on the
 * monotonic clock, not the injected one (which tests freeze).
 */
public final class AccessLogFilter implements GlobalFilter, Ordered {

    /** Before the authentication chain, so refusals are measured too. */
    public static final int ORDER = -1000;

    private static final Logger access = LoggerFactory.getLogger("io.barberpro.hub.gateway.access");

    private final GatewayMetrics metrics;
    private final boolean logEnabled;

    AccessLogFilter(GatewayMetrics metrics, boolean logEnabled) {
        this.metrics = metrics;
        this.logEnabled = logEnabled;
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

    /** Milliseconds with two decimals, without String.format's cost on every request. */
    static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
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
        if (logEnabled && access.isInfoEnabled()) {
            // Built here rather than from a "{}" pattern: the asynchronous appender formats the message on
            // the calling thread, and one pass over known parts is cheaper than the formatter's scan.
            StringBuilder line = new StringBuilder(192)
                    .append("partner=").append(partner)
                    .append(" partnerId=").append(principal == null ? "-" : principal.partnerId())
                    .append(" requestId=").append(RequestIds.of(exchange))
                    .append(" method=").append(exchange.getRequest().getMethod().name())
                    .append(" path=").append(exchange.getRequest().getPath().value())
                    .append(" route=").append(routeId)
                    .append(" status=").append(code)
                    .append(" latencyMs=").append(millis(nanos));
            if (reason != null) {
                line.append(" reason=").append(reason);
            }
            access.info(line.toString());
        }
    }
}
