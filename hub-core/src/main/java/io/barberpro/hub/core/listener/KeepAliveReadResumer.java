package io.barberpro.hub.core.listener;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.HttpConnectionLiveness;
import reactor.netty.http.IdleTimeoutHandler;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Asks for the next read on a kept-alive HTTP/1.1 connection that Reactor Netty leaves unread
 * (reactor-netty#4361, fixed in 1.3.8; 1.3.7, the newest whose release train is served here, still has it:
 * without this class {@code EdgeListenersKeepAliveTest}'s stall test timed out in one of three runs on epoll).
 *
 * <p>Reactor Netty reads a server connection on demand. A request that arrives while the previous
 * request's operations are still terminating is buffered and dispatched once they have. If that
 * request is answered at once, while its trailing content is still buffered, Reactor Netty drains
 * the buffer and never asks for another read: the partner's next request waits until the partner
 * gives up. That happens whenever an answer written from another thread (a proxied upstream
 * response, work done off the event loop) is followed by one written at once (a 401, 404, 429).
 *
 * <p>Placed in front of Reactor Netty's traffic handler, this sees what the bug needs: a request
 * arriving while operations are attached, and later a response's last write. After that write, and
 * after the tasks Reactor Netty queued for it, it checks whether every request read so far has been
 * answered, and if so asks for a read. That read may be a spare one, which costs nothing: the
 * connection waits for the partner either way, and Reactor Netty buffers whatever arrives early.
 * It is asked for even when Reactor Netty asked for one since: such a read was seen to go
 * unanswered in the stalled state. With the read it arms the server's idle timeout, if Reactor
 * Netty keeps one, as Reactor Netty's own read would have, so a partner that sends nothing more is
 * still disconnected in time. The partner edge keeps its idle timeout in {@link RequestReadDeadlines}
 * instead, which counts from the last answer and needs no re-arming.
 * On a connection that never buffers a request this only counts requests and responses. Delete
 * this class with the move to Reactor Netty 1.3.8.
 */
public final class KeepAliveReadResumer extends ChannelDuplexHandler {

    private static final String NAME = "hub.keepAliveReadResumer";

    private static final Logger log = LoggerFactory.getLogger(KeepAliveReadResumer.class);

    /** The server's idle timeout, or null for none (as on the partner edge). */
    private final Duration idleTimeout;

    /** Requests read whose final response has not yet been written. */
    private int unanswered;
    private final FinalAnswerParts answers = new FinalAnswerParts();
    /** A request arrived while earlier operations were attached, and no check has found the connection idle since. */
    private boolean requestBuffered;

    private KeepAliveReadResumer(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * The server with a resumer in front of each HTTP/1.1 connection's traffic handler, also where ALPN chose
     * HTTP/1.1. Install it last: it re-arms the idle timeout the server has by then, as Reactor Netty does when
     * it asks for a read itself.
     */
    public static HttpServer installedOn(HttpServer server) {
        Duration idleTimeout = server.configuration().idleTimeout();
        // HTTP/2 streams have their own operations each and nothing to buffer behind one another
        return NegotiatedProtocol.whenSpeaking(server, NegotiatedProtocol.Protocol.HTTP11, NAME + ".installer",
                pipeline -> pipeline.addBefore(NettyPipeline.HttpTrafficHandler, NAME, new KeepAliveReadResumer(idleTimeout)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            unanswered++;
            if (operationsAttached(ctx)) {
                requestBuffered = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        answers.observe(msg);
        if (answers.ends(msg)) {
            unanswered--;
        }
        if (requestBuffered && msg instanceof LastHttpContent) {
            // queued behind the current task, so Reactor Netty's own draining of its buffer has run by then
            ctx.write(msg, promise.unvoid().addListener(written -> ctx.executor().execute(() -> resumeIfStalled(ctx))));
        } else {
            ctx.write(msg, promise);
        }
    }

    /** Reactor Netty's own test for "previous operations not yet terminated", which makes it buffer a request. */
    private static boolean operationsAttached(ChannelHandlerContext ctx) {
        return ChannelOperations.get(ctx.channel()) instanceof HttpServerRequest;
    }

    private void resumeIfStalled(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !ctx.channel().isActive() || unanswered > 0) {
            return; // closed, or a request is in progress and its own last write will check again
        }
        requestBuffered = false;
        log.debug("Resuming reads on {}: Reactor Netty may have left the kept-alive connection unread", ctx.channel());
        IdleTimeoutHandler.addIdleTimeoutHandler(ctx.pipeline(), idleTimeout, HttpConnectionLiveness.CLOSE);
        ctx.read();
    }
}
