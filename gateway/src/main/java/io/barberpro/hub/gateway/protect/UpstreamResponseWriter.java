package io.barberpro.hub.gateway.protect;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;

/**
 * Sends the upstream's response body to the partner. A response whose {@code Content-Length} is at most
 * {@code hub.gateway.response-buffer-size} is read whole first and leaves as one message, status line,
 * headers and body in a single write, as nginx's {@code proxy_buffering} does. Spring Cloud Gateway's
 * stock writer streams every body, so the partner's connection gets the headers in one write and the body
 * in another: a second system call (and TLS record) per request, the largest cost left on the proxy path.
 * <p>
 * Larger responses, responses without a length (chunked) and streaming media types
 * ({@code spring.cloud.gateway.server.webflux.streaming-media-types}) are streamed as they arrive, as by the
 * stock writer. A buffered response that the upstream does not finish in time fails before anything was
 * sent, so the partner still gets the 504 problem rather than a cut-off body.
 */
final class UpstreamResponseWriter extends NettyWriteResponseFilter {

    private final List<MediaType> streamingMediaTypes;
    private final long bufferSize;

    UpstreamResponseWriter(List<MediaType> streamingMediaTypes, DataSize bufferSize) {
        super(streamingMediaTypes);
        this.streamingMediaTypes = List.copyOf(streamingMediaTypes);
        this.bufferSize = bufferSize.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange)
                .then(Mono.defer(() -> write(exchange)))
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL || signal == SignalType.ON_ERROR) {
                        Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
                        if (connection != null) {
                            connection.dispose();
                        }
                    }
                });
    }

    private Mono<Void> write(ServerWebExchange exchange) {
        Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
        if (connection == null) {
            return Mono.empty();
        }
        ServerHttpResponse response = exchange.getResponse();
        MediaType contentType = contentType(response);
        if (contentType != null && isStreaming(contentType)) {
            return response.writeAndFlushWith(body(connection, response).map(Flux::just));
        }
        long length = response.getHeaders().getContentLength();
        if (length >= 0 && length <= bufferSize) {
            // a Mono body is what lets Reactor Netty write headers and body as one full response
            Mono<DataBuffer> whole = connection.inbound().receive().aggregate().retain()
                    .map(buffer -> wrap(buffer, response));
            return response.writeWith(whole);
        }
        return response.writeWith(body(connection, response));
    }

    private Flux<DataBuffer> body(Connection connection, ServerHttpResponse response) {
        return connection.inbound().receive().retain().map(buffer -> wrap(buffer, response));
    }

    private static MediaType contentType(ServerHttpResponse response) {
        try {
            return response.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            // the upstream's content type is not ours to judge: a body we cannot classify is streamed as is
            return null;
        }
    }

    private boolean isStreaming(MediaType contentType) {
        for (MediaType streaming : streamingMediaTypes) {
            if (streaming.isCompatibleWith(contentType)) {
                return true;
            }
        }
        return false;
    }
}
