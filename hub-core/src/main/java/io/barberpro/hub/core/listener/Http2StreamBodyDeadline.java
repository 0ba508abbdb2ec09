package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The body-read deadline for one HTTP/2 stream: no pause longer than the body timeout while the edge asks for
 * more of the request body (nginx's {@code client_body_timeout}, per stream as nginx applies it). While Reactor
 * Netty holds reads back because the upstream is slow to take the body, HTTP/2 flow control stops the partner,
 * who is not to blame, so the clock waits and restarts with the stream's next read.
 *
 * <p>A stalled body fails the request's body stream with a {@code request-timeout} problem, which the hub answers
 * as a {@code 408}; the stream is reset once that answer is written, so the partner stops sending and the stream's
 * buffers are freed. If the answer had already begun, the stream is reset at once. Either way the connection and
 * its other streams go on: unlike HTTP/1.1, the rest of a body cannot be mistaken for the next request.
 *
 * <p>Sits in the stream's own pipeline, in front of Reactor Netty's stream handler, where it sees the request as
 * HTTP/1.1-style messages, the stream's requests for more and the answer. One timer per stream whose request has
 * a body, cancelled when the body is complete.
 */
public final class Http2StreamBodyDeadline extends ChannelDuplexHandler {

    private static final String NAME = "hub.http2StreamBodyDeadline";

    private static final Logger log = LoggerFactory.getLogger(Http2StreamBodyDeadline.class);

    private final long timeoutNanos;
    private final LongSupplier nanoTime;

    private boolean readingBody;
    /** When the body last made progress, or the stream last asked for more of it. */
    private long progressAt;
    private final ReadDemand readDemand = new ReadDemand();
    private Future<?> check;
    private final FinalAnswerParts answers = new FinalAnswerParts();
    private boolean answerStarted;
    private boolean timedOut;

    Http2StreamBodyDeadline(Duration timeout, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The server with the deadline on every HTTP/2 stream. A stream channel becomes active once Reactor Netty has
     * built its pipeline and before its HEADERS are read, which is when the server's observers hear of it.
     */
    public static HttpServer installedOn(HttpServer server, Duration timeout) {
        return server.childObserve((connection, state) -> {
            if (state == ConnectionObserver.State.CONNECTED && connection.channel() instanceof Http2StreamChannel stream
                    && stream.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                stream.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, NAME,
                        new Http2StreamBodyDeadline(timeout, System::nanoTime));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timedOut && msg instanceof HttpContent) {
            // the body stream has failed; Reactor Netty would only discard it
            ReferenceCountUtil.release(msg);
            return;
        }
        readDemand.bytesRead(ctx.channel());
        if (msg instanceof HttpRequest) {
            readingBody = !(msg instanceof LastHttpContent);
            if (readingBody) {
                progressAt = nanoTime.getAsLong();
                schedule(ctx, timeoutNanos);
            }
        } else if (msg instanceof LastHttpContent) {
            bodyDone();
        } else if (msg instanceof HttpContent && readingBody) {
            progressAt = nanoTime.getAsLong();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        readDemand.readRequested(ctx.channel());
        if (readingBody) {
            progressAt = nanoTime.getAsLong();
        }
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        answers.observe(msg);
        answerStarted |= answers.begins(msg);
        if (timedOut && answers.ends(msg)) {
            // the partner may still be sending: a reset tells it to stop (RFC 9113 §8.1)
            ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        bodyDone();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        bodyDone();
    }

    private void bodyDone() {
        readingBody = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        if (check != null) {
            check.cancel(false);
        }
        check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!readingBody || !ctx.channel().isActive()) {
            return;
        }
        if (!readDemand.askingForBytes(ctx.channel())) {
            schedule(ctx, timeoutNanos); // the stream's next request for bytes restarts the clock
            return;
        }
        long left = timeoutNanos - (nanoTime.getAsLong() - progressAt);
        if (left > 0) {
            schedule(ctx, left);
        } else {
            timedOut(ctx);
        }
    }


    private void timedOut(ChannelHandlerContext ctx) {
        readingBody = false;
        timedOut = true;
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        log.debug("Abandoning the request body on {}: no bytes for {} ms", ctx.channel(), millis);
        if (answerStarted) {
            ctx.close();
            return;
        }
        // towards Reactor Netty's operations, which fail the request's body stream with it
        ctx.fireExceptionCaught(new HubProblemException(HubError.REQUEST_TIMEOUT,
                "The request body paused for more than " + millis + " ms"));
    }
}
