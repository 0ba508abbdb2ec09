package io.barberpro.hub.core.listener;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServer;

/**
 * Time limits on an HTTP/2 connection as a whole, where HTTP/1.1's header deadline and idle timeout have no direct
 * equivalent: HEADERS arrive as whole frames, and a connection can be kept busy with PINGs or SETTINGS while it
 * carries no request.
 *
 * <ul>
 *   <li><b>Preface</b>: the partner's connection preface (the magic string and its SETTINGS) must have arrived
 *   within the header timeout of ALPN choosing HTTP/2, else the connection is closed. Bytes trickled in do not
 *   count; the preface only counts once Netty has decoded its SETTINGS.
 *   <li><b>Idle</b>: a connection with no open stream for the idle timeout is closed with a GOAWAY (nginx's and
 *   Envoy's idle timeout). Frames without a stream (PING, SETTINGS, WINDOW_UPDATE) do not keep such a connection
 *   open, as they do Reactor Netty's own idle handler, which resets on any frame either way. That handler stays:
 *   it also closes a connection on which no frame at all moved for the idle timeout while a stream was open,
 *   which frees a stream whose answer the partner stopped reading (Envoy's stream idle timeout does the same).
 *   A header block still being sent in CONTINUATION frames opens no stream, so a trickled one is cut off here.
 * </ul>
 *
 * <p>It also widens the connection's receive window to what all the streams' windows add up to. Netty returns
 * window to the partner only as a stream's body is consumed, and the connection starts with one stream's worth:
 * a single stream whose reads the edge holds back for a slow upstream could otherwise stop the bodies of every
 * other stream, and their body deadlines would blame the partner. Memory stays bounded by the stream windows.
 */
public final class Http2ConnectionDeadlines extends ChannelDuplexHandler {

    private static final String NAME = "hub.http2ConnectionDeadlines";

    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionDeadlines.class);

    private final long prefaceTimeoutNanos;
    private final long idleTimeoutNanos;
    private final int maxConcurrentStreams;
    private final LongSupplier nanoTime;

    private boolean prefaceReceived;
    /** When the last open stream closed, or the connection started. */
    private long idleSince;
    private Future<?> check;
    private Http2Connection connection;

    Http2ConnectionDeadlines(Duration prefaceTimeout, Duration idleTimeout, int maxConcurrentStreams,
                             LongSupplier nanoTime) {
        this.prefaceTimeoutNanos = prefaceTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxConcurrentStreams = maxConcurrentStreams;
        this.nanoTime = nanoTime;
    }

    /** The server with these limits on every connection that chose HTTP/2. */
    public static HttpServer installedOn(HttpServer server, Duration prefaceTimeout, Duration idleTimeout,
                                         int maxConcurrentStreams) {
        return NegotiatedProtocol.whenSpeaking(server, NegotiatedProtocol.Protocol.HTTP2, NAME + ".installer",
                pipeline -> addTo(pipeline, new Http2ConnectionDeadlines(prefaceTimeout, idleTimeout,
                        maxConcurrentStreams, System::nanoTime)));
    }

    /** Right behind the frame codec, where the partner's frames and the codec's connection are at hand. */
    static void addTo(ChannelPipeline pipeline, Http2ConnectionDeadlines deadlines) {
        Http2FrameCodec codec = pipeline.get(Http2FrameCodec.class);
        pipeline.addAfter(pipeline.context(codec).name(), NAME, deadlines);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
        connection = codec.connection();
        widenConnectionWindow();
        ctx.flush();
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                cancelCheck();
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (connection.numActiveStreams() == 0 && ctx.channel().isActive()) {
                    idleSince = nanoTime.getAsLong();
                    schedule(ctx, idleTimeoutNanos);
                }
            }
        });
        idleSince = nanoTime.getAsLong();
        schedule(ctx, Math.min(prefaceTimeoutNanos, idleTimeoutNanos));
    }

    private void widenConnectionWindow() {
        try {
            Http2Stream connectionStream = connection.connectionStream();
            int current = connection.local().flowController().windowSize(connectionStream);
            int streamWindow = connection.local().flowController().initialWindowSize();
            long wanted = Math.min((long) streamWindow * maxConcurrentStreams, Integer.MAX_VALUE);
            if (wanted > current) {
                connection.local().flowController().incrementWindowSize(connectionStream, (int) (wanted - current));
            }
        } catch (Http2Exception e) {
            throw new IllegalStateException("Cannot widen the HTTP/2 connection window", e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!prefaceReceived && msg instanceof Http2SettingsFrame) {
            prefaceReceived = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelCheck();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelCheck();
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        cancelCheck();
        check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!prefaceReceived) {
            long left = prefaceTimeoutNanos - (nanoTime.getAsLong() - idleSince);
            if (left <= 0) {
                log.debug("Closing {}: no HTTP/2 connection preface within {} ms", ctx.channel(),
                        TimeUnit.NANOSECONDS.toMillis(prefaceTimeoutNanos));
                ctx.channel().close();
                return;
            }
            schedule(ctx, Math.min(left, idleTimeoutNanos));
            return;
        }
        if (connection.numActiveStreams() > 0) {
            return; // the last stream to close arms the next check
        }
        long left = idleTimeoutNanos - (nanoTime.getAsLong() - idleSince);
        if (left > 0) {
            schedule(ctx, left);
            return;
        }
        log.debug("Closing {}: no open HTTP/2 stream for {} ms", ctx.channel(), TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
        // through the codec, which sends GOAWAY before closing
        ctx.close();
    }
}
