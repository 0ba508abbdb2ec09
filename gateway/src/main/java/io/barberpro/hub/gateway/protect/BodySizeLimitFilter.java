package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.PartnerProtocol;
import io.barberpro.hub.gateway.RouteSettings;
import io.barberpro.hub.gateway.hygiene.HeaderHygieneFilter;
import io.barberpro.hub.gateway.observe.Rejections;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The route's request body limit ({@code hub-max-body-size}, default {@code hub.gateway.max-body-size}).
 *
 * <p>A declared {@code Content-Length} over the limit is refused before a byte is read. A body
 * without one (chunked, or HTTP/2) is counted while it streams in and held until it is complete or
 * over the limit: forwarding it while counting would let the upstream see the start of a request
 * that then gets cut off, so the upstream receives such a body only once it is known to fit (with a
 * {@code Content-Length} instead of chunking). Memory per request is therefore bounded by the route
 * limit, which is why limits are meant to be small. Spring Cloud Gateway's {@code RequestSize}
 * filter only reads {@code Content-Length} and would let such bodies through.
 */
public final class BodySizeLimitFilter implements GlobalFilter, Ordered {

    public static final int ORDER = HeaderHygieneFilter.ORDER + 100;

    private final RouteSettings.Cache routes;
    private final ProblemWriter problems;

    BodySizeLimitFilter(RouteSettings.Cache routes, ProblemWriter problems) {
        this.routes = routes;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        long declared = headers.getContentLength();
        boolean chunked = headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
        // HTTP/2 frames bodies itself: no Content-Length and no chunking does not mean no body there
        if (declared < 0 && !chunked && !PartnerProtocol.isHttp2(request)) {
            return chain.filter(exchange);
        }
        long limit = routes.of(exchange).maxBodySize().toBytes();
        if (declared > limit) {
            return tooLarge(exchange, limit);
        }
        if (declared >= 0 && !chunked) {
            return chain.filter(exchange);
        }
        int max = (int) Math.min(Integer.MAX_VALUE - 8, limit);
        return DataBufferUtils.join(request.getBody(), max)
                .map(body -> forward(exchange, request, body))
                .switchIfEmpty(Mono.fromSupplier(() -> forward(exchange, request, null)))
                .flatMap(chain::filter)
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange, limit));
    }

    private static ServerWebExchange forward(ServerWebExchange exchange, ServerHttpRequest request, DataBuffer body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        if (body != null) {
            headers.setContentLength(body.readableByteCount());
        }
        // else neither field: a request without content, which goes upstream without Content-Length where its
        // method expects none (UpstreamRoutingFilter)
        ServerHttpRequest buffered = new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return body == null ? Flux.empty() : Flux.just(body);
            }
        };
        return exchange.mutate().request(buffered).build();
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long limit) {
        Rejections.mark(exchange, Rejections.PAYLOAD_TOO_LARGE);
        // The rest of an oversized body is not worth reading; the connection closes after the answer.
        exchange.getResponse().getHeaders().setConnection("close");
        return problems.write(exchange, HubError.PAYLOAD_TOO_LARGE,
                "The request body exceeds this operation's limit of " + limit + " bytes");
    }
}
