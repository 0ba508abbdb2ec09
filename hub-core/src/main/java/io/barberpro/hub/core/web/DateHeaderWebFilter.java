package io.barberpro.hub.core.web;

import java.time.Clock;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every response a {@code Date} header field. RFC 9110 §6.6.1: an origin server with a clock must send
 * one with every 2xx, 3xx and 4xx response, and a proxy that forwards a response without one must add it.
 * Reactor Netty sends none of its own. A proxied upstream's {@code Date} is kept: it says when the answer was
 * made.
 */
public class DateHeaderWebFilter implements WebFilter, Ordered {

    public static final int ORDER = RequestIdWebFilter.ORDER + 1;

    private final Clock clock;

    public DateHeaderWebFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            if (!headers.containsKey(HttpHeaders.DATE)) {
                headers.set(HttpHeaders.DATE, HttpDates.imfFixdate(clock.instant()));
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
