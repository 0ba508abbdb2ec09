package io.barberpro.hub.core.listener;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
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
 *   open, as they would Reactor Netty's own idle handler, which resets on any frame either way (the edge does not
 *   use it). A header block still being sent in CONTINUATION frames opens no stream, so a trickled one is cut off
 *   here.
 *   <li><b>Stalled</b>: a connection on which an answer waits for the partner's flow-control window and no frame
 *   moved, either way, between two checks an idle timeout apart (so for one to two idle timeouts) is closed too.
 *   That frees the streams of a partner that stopped reading its answers. A stream waiting for a slow upstream
 *   has nothing queued and does not count, however long the route's response timeout. Frames are counted, not
 *   timed, so a frame costs no clock read.
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
    /** Frames read and written so far, and as the last check saw them. */
    private long frames;
    private long framesAtCheck;
    private Future<?> check;
    private Http2Connection connection;
    private Http2FrameCodec codec;

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
        codec = ctx.pipeline().get(Http2FrameCodec.class);
        connection = codec.connection();
        widenConnectionWindow();
        ctx.flush();
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (connection.numActiveStreams() == 0) {
                    idleSince = nanoTime.getAsLong();
                    // a check is normally due already: one per idle timeout, however many streams come and go
                    if (check == null && ctx.channel().isActive()) {
                        schedule(ctx, idleTimeoutNanos);
                    }
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
        frames++;
        if (!prefaceReceived && msg instanceof Http2SettingsFrame) {
            prefaceReceived = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        frames++;
        ctx.write(msg, promise);
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

    /** Some open stream has DATA queued that the partner's flow-control window does not let out. */
    private boolean answerWaitsForWindow() {
        Http2RemoteFlowController flowController = connection.remote().flowController();
        boolean[] waiting = {false};
        try {
            connection.forEachActiveStream(stream -> {
                waiting[0] = flowController.hasFlowControlled(stream);
                return !waiting[0];
            });
        } catch (Http2Exception e) {
            return false;
        }
        return waiting[0];
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        cancelCheck();
        framesAtCheck = frames;
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
            if (frames == framesAtCheck && answerWaitsForWindow()) {
                log.debug("Closing {}: an answer waited {} ms and more for the partner to read it", ctx.channel(),
                        TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
                // at once after the GOAWAY: the edge's listeners drain gracefully (EdgeListeners#stop), for which
                // Reactor Netty makes the codec's close wait for open streams without limit, and these never end
                codec.gracefulShutdownTimeoutMillis(0);
                ctx.close();
                return;
            }
            schedule(ctx, idleTimeoutNanos);
            return;
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
