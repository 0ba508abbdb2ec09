package io.barberpro.hub.gateway.protect;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWebExceptionHandler;
import io.barberpro.hub.core.web.ProblemWriter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Upstream failures as problem+json, before hub-core's generic handler would call them internal
 * errors: no answer within the route's response timeout → 504 {@code upstream-timeout}; connection
 * refused, connect timeout, name not resolvable, connection closed early, an open circuit
 * ({@code UpstreamCircuitBreaker}, or Spring Cloud Gateway's {@code CircuitBreaker} filter) or a full
 * bulkhead → 503 {@code upstream-unavailable}.
 * The details never name the upstream's address.
 */
public final class UpstreamErrorHandler implements WebExceptionHandler, Ordered {

    public static final int ORDER = ProblemWebExceptionHandler.ORDER - 1;

    /** An open circuit, or a full bulkhead where a deployment switched one on: both mean "not now". */
    private static final Set<String> RESILIENCE4J_REFUSALS = Set.of(
            "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
            "io.github.resilience4j.bulkhead.BulkheadFullException");

    private final ProblemWriter problems;

    UpstreamErrorHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (isTimeout(ex)) {
            withoutUpstreamHeaders(exchange);
            return problems.write(exchange, HubError.UPSTREAM_TIMEOUT, "The service did not answer in time");
        }
        if (isUnavailable(ex)) {
            withoutUpstreamHeaders(exchange);
            return problems.write(exchange, HubError.UPSTREAM_UNAVAILABLE, "The service is unavailable; retry later");
        }
        return Mono.error(ex);
    }

    /**
     * A failure after the upstream's headers arrived (its body stalled or was cut off) finds them on the response
     * already: they describe the representation never sent ({@code Cache-Control} would make the problem cacheable,
     * {@code ETag} or {@code Content-Encoding} would misdescribe it), so they go; the hub's own stay.
     */
    private static void withoutUpstreamHeaders(ServerWebExchange exchange) {
        Set<String> upstream = exchange.getAttribute(CLIENT_RESPONSE_HEADER_NAMES);
        if (upstream != null) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            for (String name : upstream) {
                headers.remove(name);
            }
        }
    }

    private static boolean isTimeout(Throwable ex) {
        if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
            return true;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.cloud.gateway.support.TimeoutException
                    || t instanceof TimeoutException || t instanceof ReadTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable ex) {
        if (ex instanceof ResponseStatusException status
                && status.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            return true;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ServiceUnavailableException || t instanceof ConnectException || t instanceof ConnectTimeoutException || t instanceof UnknownHostException
                    || t instanceof PrematureCloseException || RESILIENCE4J_REFUSALS.contains(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
