package io.barberpro.hub.core.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Gives each request's header block a deadline from its first byte, so a client cannot hold an edge
 * connection by trickling a header a byte at a time (slowloris). Reactor Netty has no such limit: its
 * idle timeout restarts with every byte, and its read and request timeouts start only once the
 * header block is complete. HAProxy's {@code timeout http-request} and nginx's
 * {@code client_header_timeout} are the models.
 *
 * <p>The clock runs only while the edge is reading a header block: it starts with the first read of
 * it, or, for a request pipelined behind one still being answered, when that answer is written;
 * waiting for the next request is the idle timeout's business. Header bytes that arrive in the same
 * read as the end of the request before them start the clock only with the next read: the decoder
 * does not tell how much it keeps, so a partner stopping there is closed by the idle timeout. A late
 * header block gets {@code 408} with a problem document and the connection closed (RFC 9110
 * §15.5.9). Instead of a timer per request, one check per connection re-arms itself for the time
 * left, so a busy connection costs a clock read per request and a task per deadline period.
 */
public final class RequestHeaderDeadline {

    private static final String BYTES_NAME = "hub.requestHeaderDeadline.bytes";
    private static final String MESSAGES_NAME = "hub.requestHeaderDeadline.messages";

    private static final Logger log = LoggerFactory.getLogger(RequestHeaderDeadline.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long timeoutNanos;
    private final LongSupplier nanoTime;

    /** Bytes of a header block were read since the last complete one. */
    private boolean headerStarted;
    /** The clock runs: a header block is being read while no earlier request awaits its answer. */
    private boolean clockRunning;
    private long clockStartedAt;
    private boolean checkScheduled;
    /** A request's header block was decoded and its body not yet: the bytes read are body. */
    private boolean readingBody;
    /** Requests read whose final response has not yet been written. */
    private int unanswered;
    /** Whether the response being written is an interim (1xx) one, which does not answer its request. */
    private boolean interimResponse;
    /** The connection switched protocols; there are no more header blocks. */
    private boolean upgraded;

    RequestHeaderDeadline(Duration timeout, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The server with a deadline on every HTTP/1.1 connection's header blocks. */
    public static HttpServer installedOn(HttpServer server, Duration timeout) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                new RequestHeaderDeadline(timeout, System::nanoTime)
                        .addTo(pipeline, NettyPipeline.HttpCodec, NettyPipeline.HttpTrafficHandler);
            }
        });
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
            if (!readingBody && !upgraded && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                headerStarted = true;
                if (unanswered == 0) {
                    startClock(ctx);
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Sees decoded requests and the responses written to them. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                headerStarted = false;
                clockRunning = false;
                unanswered++;
                readingBody = !(msg instanceof LastHttpContent);
            } else if (msg instanceof LastHttpContent) {
                readingBody = false;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                interimResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    upgraded = true;
                    clockRunning = false;
                }
            }
            if (msg instanceof LastHttpContent && !interimResponse) {
                unanswered--;
                if (unanswered == 0 && headerStarted) {
                    startClock(ctx);
                }
            }
            ctx.write(msg, promise);
        }
    }

    private void startClock(ChannelHandlerContext ctx) {
        if (clockRunning) {
            return;
        }
        clockRunning = true;
        clockStartedAt = nanoTime.getAsLong();
        if (!checkScheduled) {
            schedule(ctx, timeoutNanos);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        checkScheduled = true;
        ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        checkScheduled = false;
        if (!clockRunning || !ctx.channel().isActive()) {
            return;
        }
        long left = timeoutNanos - (nanoTime.getAsLong() - clockStartedAt);
        if (left > 0) {
            schedule(ctx, left);
            return;
        }
        clockRunning = false;
        log.debug("Closing {}: request header not complete within {} ms", ctx.channel(),
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        // written below the codec's traffic handling, as no request exists to answer through it
        ctx.pipeline().context(MESSAGES_NAME).writeAndFlush(timedOut(timeoutNanos))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse timedOut(long timeoutNanos) {
        Map<String, Object> problem = new LinkedHashMap<>();
        HubError error = HubError.REQUEST_TIMEOUT;
        problem.put("type", error.type().toString());
        problem.put("title", error.title());
        problem.put("status", error.status().value());
        problem.put("detail", "The request header was not complete within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms of its first byte.");
        problem.put("code", error.code());
        String requestId = RequestIds.newId();
        problem.put("requestId", requestId);
        ByteBuf body;
        try {
            body = Unpooled.wrappedBuffer(JSON.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(RequestIds.HEADER, requestId);
        return response;
    }
}
