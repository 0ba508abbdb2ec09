package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.core.web.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The edge's limits on how slowly a partner may send a request, so a client cannot hold
 * connections by trickling bytes (slowloris) or by stopping halfway through a body, and on how long a
 * kept-alive connection may wait for its next request. Reactor Netty's idle timeout restarts with
 * every byte, and its own read timeout raises the same exception as an upstream's, which the gateway
 * would report as the upstream's fault.
 *
 * <ul>
 *   <li><b>Header block</b>: complete within the header timeout of its first byte (HAProxy's
 *   {@code timeout http-request}). The clock runs only while the edge is reading a header block: it
 *   starts with the first read of it, or, for a request pipelined behind one still being answered,
 *   when that answer is written; waiting for the next request is the idle timeout's business. Header
 *   bytes that arrive in the same read as the end of the request before them start the clock only
 *   with the next read: the decoder does not tell how much it keeps, so a partner stopping there is
 *   closed by the idle timeout. A late header block gets {@code 408} with a problem document and the
 *   connection closed (RFC 9110 §15.5.9).
 *   <li><b>Body</b>: no pause longer than the body timeout while the edge is asking for more (nginx's
 *   {@code client_body_timeout}). Reactor Netty asks with a read, or by switching auto-read on; while
 *   it holds reads back because the upstream is slow to take the body, the partner is not to blame
 *   and the clock waits, restarting with the edge's next read. A stalled body fails the request's
 *   body stream with a {@code request-timeout} problem, which the hub answers as a {@code 408}, and
 *   the connection is closed after the answer, as the rest of the body would be read as a request.
 *   If the answer had already begun, the connection is just closed.
 *   <li><b>Idle</b>: a connection with no request in progress (every request answered, no byte of the
 *   next one read) is closed once it has been so for the idle timeout, as a new connection that sends
 *   nothing is (nginx's {@code keepalive_timeout}). Reactor Netty's own idle timeout does the same by
 *   adding a handler to the pipeline after each answer and removing it with the next request, two
 *   pipeline changes and a timer set and cancelled per request; here it is the same per-connection
 *   check as the other limits.
 * </ul>
 *
 * <p>Instead of a timer per request, one check per connection re-arms itself for the time left, so
 * a busy connection costs a clock read per request and read, and a task per timeout period.
 */
public final class RequestReadDeadlines {

    private static final String BYTES_NAME = "hub.requestReadDeadlines.bytes";
    private static final String MESSAGES_NAME = "hub.requestReadDeadlines.messages";

    private static final Logger log = LoggerFactory.getLogger(RequestReadDeadlines.class);

    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ListenerRefusalLog refusals;

    /** When the connection last became idle: it opened, or its last request was answered. */
    private long idleSince;

    /** Bytes of a header block were read since the last complete one. */
    private boolean headerStarted;
    /** The header clock runs: a header block is being read while no earlier request awaits its answer. */
    private boolean headerClockRunning;
    private long headerClockStartedAt;
    /** A request's header block was decoded and its body not yet: the bytes read are body. */
    private boolean readingBody;
    /** When the body last made progress, or the edge last asked for more of it. */
    private long bodyProgressAt;
    private final ReadDemand readDemand = new ReadDemand();
    private boolean checkScheduled;
    /** When the live check runs; an earlier need schedules another, and the later one finds itself stale. */
    private long checkDueAt;
    /** Requests read whose final response has not yet been written. */
    private int unanswered;
    /** A final response to the latest request has been started. */
    private boolean answerStarted;
    private final FinalAnswerParts answers = new FinalAnswerParts();
    /** A body stalled: the connection closes once its request is answered. */
    private boolean closeAfterAnswer;
    /** The connection switched protocols; there are no more header blocks. */
    private boolean upgraded;
    /** A deadline passed: the connection is closing, and what still arrives or the codec still decodes is dropped. */
    private boolean condemned;

    RequestReadDeadlines(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, LongSupplier nanoTime,
                         Clock clock, ListenerRefusalLog refusals) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.refusals = refusals;
    }

    /**
     * The server with these limits on every HTTP/1.1 connection, including one that chose HTTP/1.1 by ALPN (or
     * offered none). HTTP/2 connections get none of this: their codec is not the one watched here, and their
     * equivalents are {@link Http2ConnectionDeadlines} and {@link Http2StreamBodyDeadline}. The server must not
     * have Reactor Netty's own idle timeout as well. A header that times out is answered here, below the web
     * handler, and reported to {@code refusals}.
     */
    public static HttpServer installedOn(HttpServer server, Duration headerTimeout, Duration bodyTimeout,
                                         Duration idleTimeout, ListenerRefusalLog refusals, Clock clock) {
        return NegotiatedProtocol.whenSpeaking(server, NegotiatedProtocol.Protocol.HTTP11,
                "hub.requestReadDeadlines.installer",
                pipeline -> new RequestReadDeadlines(headerTimeout, bodyTimeout, idleTimeout, System::nanoTime, clock,
                        refusals)
                        .addTo(pipeline, NettyPipeline.HttpCodec, NettyPipeline.HttpTrafficHandler));
    }

    /** Watches the bytes entering {@code codec} and the messages between it and {@code requestHandler}. */
    void addTo(ChannelPipeline pipeline, String codec, String requestHandler) {
        pipeline.addBefore(codec, BYTES_NAME, new Bytes());
        pipeline.addBefore(requestHandler, MESSAGES_NAME, new Messages());
    }

    /** Sees the decrypted bytes before they are decoded. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (condemned) {
                ReferenceCountUtil.release(msg);
                return;
            }
            readDemand.bytesRead(ctx.channel());
            if (!upgraded && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                if (readingBody) {
                    bodyProgressAt = nanoTime.getAsLong();
                } else {
                    headerStarted = true;
                    if (unanswered == 0) {
                        startHeaderClock(ctx);
                    }
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Sees decoded requests, the responses written to them and the edge's requests for more bytes. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            idleSince = nanoTime.getAsLong();
            ensureCheck(ctx, idleSince, idleCheckDelay(idleTimeoutNanos));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (condemned) {
                // what the codec gives up at close; Reactor Netty would log it as a failed request
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                headerStarted = false;
                headerClockRunning = false;
                unanswered++;
                answerStarted = false;
                readingBody = !(msg instanceof LastHttpContent) && announcesBody(request);
                if (readingBody) {
                    bodyProgressAt = nanoTime.getAsLong();
                    ensureCheck(ctx, bodyProgressAt, bodyTimeoutNanos);
                }
            } else if (msg instanceof LastHttpContent) {
                readingBody = false;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            readDemand.readRequested(ctx.channel());
            if (readingBody) {
                bodyProgressAt = nanoTime.getAsLong();
            }
            ctx.read();
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            answers.observe(msg);
            if (msg instanceof HttpResponse response) {
                if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    upgraded = true;
                    headerClockRunning = false;
                } else if (answers.begins(msg)) {
                    answerStarted = true;
                    if (closeAfterAnswer) {
                        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    }
                }
            }
            if (answers.ends(msg)) {
                unanswered--;
                if (closeAfterAnswer) {
                    ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (unanswered == 0) {
                    if (headerStarted) {
                        startHeaderClock(ctx);
                    } else if (!upgraded) {
                        idleSince = nanoTime.getAsLong();
                        ensureCheck(ctx, idleSince, idleCheckDelay(idleTimeoutNanos));
                    }
                }
            }
            ctx.write(msg, promise);
        }
    }

    /**
     * A request the codec could not decode (a Content-Length that is no number, say) has no body to wait for:
     * Reactor Netty answers it with a 400 and closes the connection, and its headers cannot be trusted to parse.
     */
    private static boolean announcesBody(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return false;
        }
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    private void startHeaderClock(ChannelHandlerContext ctx) {
        if (headerClockRunning) {
            return;
        }
        headerClockRunning = true;
        headerClockStartedAt = nanoTime.getAsLong();
        ensureCheck(ctx, headerClockStartedAt, headerTimeoutNanos);
    }

    /** A check {@code delayNanos} after {@code now}, unless one is due by then. */
    private void ensureCheck(ChannelHandlerContext ctx, long now, long delayNanos) {
        if (!checkScheduled || now + delayNanos - checkDueAt < 0) {
            schedule(ctx, now, delayNanos);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long now, long delayNanos) {
        long due = now + delayNanos;
        checkScheduled = true;
        checkDueAt = due;
        ctx.executor().schedule(() -> check(ctx, due), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx, long due) {
        if (!checkScheduled || due != checkDueAt) {
            return;
        }
        checkScheduled = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (headerClockRunning) {
            long left = headerTimeoutNanos - (now - headerClockStartedAt);
            if (left > 0) {
                schedule(ctx, now, left);
            } else {
                headerTimedOut(ctx);
            }
        } else if (readingBody) {
            long left = bodyTimeoutNanos - (now - bodyProgressAt);
            if (!readDemand.askingForBytes(ctx.channel())) {
                schedule(ctx, now, bodyTimeoutNanos); // the edge's next request for bytes restarts the clock
            } else if (left > 0) {
                schedule(ctx, now, left);
            } else {
                bodyTimedOut(ctx);
            }
        } else if (idle()) {
            long left = idleTimeoutNanos - (now - idleSince);
            if (left > 0) {
                schedule(ctx, now, idleCheckDelay(left));
            } else {
                log.debug("Closing {}: no request for {} ms", ctx.channel(), millis(idleTimeoutNanos));
                condemned = true;
                ctx.close();
            }
        }
    }

    /**
     * An idle connection is checked at least every header timeout, so the header clock of its next request
     * finds a check due in time and schedules none of its own: a kept-alive connection costs one scheduled task
     * per header timeout, not one per request.
     */
    private long idleCheckDelay(long idleLeft) {
        return Math.min(idleLeft, headerTimeoutNanos);
    }

    /** No request in progress: all answered, none being read, and the connection still speaks HTTP. */
    private boolean idle() {
        return unanswered == 0 && !headerStarted && !upgraded && !condemned;
    }


    private void headerTimedOut(ChannelHandlerContext ctx) {
        headerClockRunning = false;
        condemned = true;
        log.debug("Closing {}: request header not complete within {} ms", ctx.channel(), millis(headerTimeoutNanos));
        // written below the codec's traffic handling, as no request exists to answer through it
        String requestId = RequestIds.newId();
        ctx.pipeline().context(MESSAGES_NAME)
                .writeAndFlush(headerTimeoutAnswer(millis(headerTimeoutNanos), requestId))
                .addListener(ChannelFutureListener.CLOSE);
        refusals.refused(ListenerRefusal.withoutRequestLine(requestId, HubError.REQUEST_TIMEOUT.status().value(),
                nanoTime.getAsLong() - headerClockStartedAt));
    }

    private void bodyTimedOut(ChannelHandlerContext ctx) {
        readingBody = false;
        condemned = true;
        log.debug("Abandoning the request body on {}: no bytes for {} ms", ctx.channel(), millis(bodyTimeoutNanos));
        if (answerStarted) {
            ctx.close();
            return;
        }
        closeAfterAnswer = true;
        // towards Reactor Netty's operations, which fail the request's body stream with it
        ctx.pipeline().context(MESSAGES_NAME).fireExceptionCaught(new HubProblemException(HubError.REQUEST_TIMEOUT,
                "The request body paused for more than " + millis(bodyTimeoutNanos) + " ms"));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private FullHttpResponse headerTimeoutAnswer(long timeoutMillis, String requestId) {
        return ClosingProblemResponses.of(HubError.REQUEST_TIMEOUT,
                "The request header was not complete within " + timeoutMillis + " ms of its first byte", requestId,
                clock.instant());
    }
}
