package io.barberpro.hub.core.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.function.Consumer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Adds handlers to a connection once Reactor Netty has built its pipeline for the protocol the connection
 * speaks. On a listener offering HTTP/2 over TLS the protocol is chosen by ALPN at the end of the handshake,
 * after the server's channel initialisers have run: at that point the pipeline holds Reactor Netty's
 * negotiation handler and no HTTP codec yet, so a handler placed next to a codec has to wait for it.
 */
final class NegotiatedProtocol {

    enum Protocol {
        HTTP11, HTTP2
    }

    private NegotiatedProtocol() {
    }

    /**
     * The server with {@code configurer} run on each connection's pipeline that speaks {@code protocol}, as soon as
     * it does: at channel initialisation, or right after ALPN chose. Configurers run in the order they were added.
     */
    static HttpServer whenSpeaking(HttpServer server, Protocol protocol, String name, Consumer<ChannelPipeline> configurer) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
                // before the bridge, where Reactor Netty also adds the HTTP/1.1 handlers: later hooks run later
                pipeline.addBefore(NettyPipeline.ReactiveBridge, name, new AfterNegotiation(protocol, configurer));
            } else if (speaks(pipeline, protocol)) {
                configurer.accept(pipeline);
            }
        });
    }

    static boolean speaks(ChannelPipeline pipeline, Protocol protocol) {
        return switch (protocol) {
            case HTTP11 -> pipeline.get(NettyPipeline.HttpCodec) instanceof HttpServerCodec
                    && pipeline.get(NettyPipeline.HttpTrafficHandler) != null;
            case HTTP2 -> pipeline.get(Http2FrameCodec.class) != null;
        };
    }

    /**
     * Waits behind the negotiation handler. That handler builds the pipeline when the handshake completes, passes
     * on what it buffered meanwhile, then the handshake event: whichever arrives first finds the protocol chosen.
     */
    private static final class AfterNegotiation extends ChannelInboundHandlerAdapter {

        private final Protocol protocol;
        private final Consumer<ChannelPipeline> configurer;

        AfterNegotiation(Protocol protocol, Consumer<ChannelPipeline> configurer) {
            this.protocol = protocol;
            this.configurer = configurer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            configureOnceNegotiated(ctx);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent) {
                configureOnceNegotiated(ctx);
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void configureOnceNegotiated(ChannelHandlerContext ctx) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (ctx.isRemoved() || pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
                return; // done already, or the handshake failed and the connection is closing
            }
            if (speaks(pipeline, protocol)) {
                configurer.accept(pipeline);
            }
            pipeline.remove(this);
        }
    }
}
