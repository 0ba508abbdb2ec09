package io.barberpro.hub.gateway;

import io.netty.handler.codec.http.HttpVersion;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.http.server.HttpServerRequest;

/** The HTTP version a partner's request came in, as Reactor Netty read it. */
public final class PartnerProtocol {

    private PartnerProtocol() {
    }

    /** The request's version, or null for a request Reactor Netty did not read (a mock, a filter's own). */
    public static HttpVersion of(ServerHttpRequest request) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
        return nativeRequest instanceof HttpServerRequest server ? server.version() : null;
    }

    public static boolean isHttp2(ServerHttpRequest request) {
        HttpVersion version = of(request);
        return version != null && version.majorVersion() == 2;
    }
}
