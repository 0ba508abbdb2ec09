package io.barberpro.hub.core.listener;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.BooleanSupplier;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * While the edge stops ({@link EdgeListeners#stop}), each HTTP/1.1 response carries {@code Connection: close}: the
 * connection is closed once its request is answered, and saying so (RFC 9112 §9.6) keeps a partner's client from
 * sending its next request on it in the meantime, a request that would be lost with the connection. HTTP/2
 * connections are told by GOAWAY instead (Reactor Netty's).
 */
@ChannelHandler.Sharable
final class CloseWhileDraining extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "hub.closeWhileDraining";

    private final BooleanSupplier draining;

    private CloseWhileDraining(BooleanSupplier draining) {
        this.draining = draining;
    }

    static HttpServer installedOn(HttpServer server, BooleanSupplier draining) {
        CloseWhileDraining handler = new CloseWhileDraining(draining);
        return NegotiatedProtocol.whenSpeaking(server, NegotiatedProtocol.Protocol.HTTP11, NAME + ".installer",
                pipeline -> pipeline.addBefore(NettyPipeline.HttpTrafficHandler, NAME, handler));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
                && draining.getAsBoolean()) {
            HttpUtil.setKeepAlive(response, false);
        }
        super.write(ctx, msg, promise);
    }
}
