package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.core.web.RequestIds;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Answers an HTTP/1.1 request the codec could not decode with a problem document, as every other refusal is
 * answered, instead of Reactor Netty's bare status line: a request line or header block over the decoder's
 * ceiling gets {@code uri-too-long} (414) or {@code headers-too-large} (431), any other malformed request
 * (a header name with a space, a {@code Content-Length} that is no number or appears twice with different
 * values, a request line that names HTTP/2) gets {@code bad-request} (400).
 *
 * <p>It also refuses what the codec reads but RFC 9112 does not let a server trust, the request's
 * {@code Transfer-Encoding} ({@link TransferCodings}), as it does a request the codec failed, and the problem
 * names why.
 *
 * <p>The request that failed is answered here, not passed on: in order, once every request read before it has
 * its final answer, and the connection is closed after it, since nothing after it can be read as a request.
 * Reactor Netty would answer it with its bare status line, and when the request was pipelined behind one
 * whose answer was still being written, it could lose the answer altogether: it hands the failure to the
 * earlier request's operations, which have already completed (seen with the io_uring transport, where a
 * write completes after the flush that made it, and the connection then hung). Whatever the codec reads
 * after the failed request is released unread. The detail does not repeat the decoder's message: that names
 * the library's own parsing rules and quotes the partner's bytes back.
 *
 * <p>A body that fails to decode half-way (a chunk size that is no number) fails the request it belongs to, which
 * is already being served: if Reactor Netty's empty 400 is still its answer, the problem replaces that. If
 * the hub had begun to answer, that answer stands and the connection closes after it.
 *
 * <p>Each problem it answers is reported to the {@link ListenerRefusalLog}, with what was read of its request: the
 * request line, unless that was what could not be decoded.
 */
final class UndecodableRequestProblems extends ChannelDuplexHandler {

    private static final String NAME = "hub.undecodableRequestProblems";

    private static final Logger log = LoggerFactory.getLogger(UndecodableRequestProblems.class);

    /** A request line naming HTTP/2 decodes, and Reactor Netty refuses it with the same empty 400. */
    private static final int HTTP2_MAJOR_VERSION = 2;

    private final ListenerRefusalLog refusals;
    private final Clock clock;
    private int requestsRead;
    /** Final answers whose last part has been written. */
    private int answersWritten;
    private int answersStarted;
    private final FinalAnswerParts answers = new FinalAnswerParts();
    /** Which request, counted from one, could not be decoded; zero while none. */
    private int failedRequest;
    private Throwable failure;
    /** Whether this handler answers the failed request itself: it failed before it was passed on. */
    private boolean answeredHere;
    /** The request last read: the one a body that fails to decode belongs to. */
    private HttpRequest current;
    /** The request that failed, or the codec's stand-in for one whose request line it could not read. */
    private HttpRequest failedMessage;
    private long failedAtNanos;

    private UndecodableRequestProblems(ListenerRefusalLog refusals, Clock clock) {
        this.refusals = refusals;
        this.clock = clock;
    }

    /** The server with this on every HTTP/1.1 connection, in front of Reactor Netty's traffic handler. */
    static HttpServer installedOn(HttpServer server, ListenerRefusalLog refusals, Clock clock) {
        return NegotiatedProtocol.whenSpeaking(server, NegotiatedProtocol.Protocol.HTTP11, NAME + ".installer",
                pipeline -> pipeline.addBefore(NettyPipeline.HttpTrafficHandler, NAME,
                        new UndecodableRequestProblems(refusals, clock)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answeredHere) {
            ReferenceCountUtil.release(msg); // the failed request's remains, or what follows it
            return;
        }
        if (msg instanceof HttpRequest request) {
            requestsRead++;
            current = request;
            Throwable refusal = refusalOf(request);
            if (refusal != null) {
                failedRequest = requestsRead;
                failure = refusal;
                answeredHere = true;
                failed(request);
                ReferenceCountUtil.release(msg);
                if (answersWritten == failedRequest - 1) {
                    answer(ctx);
                }
                return;
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure() && failedRequest == 0) {
            failedRequest = requestsRead;
            failure = content.decoderResult().cause();
            failed(current);
        }
        ctx.fireChannelRead(msg);
    }

    /** Why a request cannot be served, or null: the codec failed it, it names HTTP/2, or its framing is refused. */
    private static Throwable refusalOf(HttpRequest request) {
        Throwable framing = TransferCodings.refusal(request);
        if (request.decoderResult().isFailure()) {
            // Netty 4.2's codec refuses some framings itself; the hub's reason names the rule the request broke
            return framing != null ? framing : request.decoderResult().cause();
        }
        if (request.protocolVersion().majorVersion() == HTTP2_MAJOR_VERSION) {
            return new IllegalArgumentException("HTTP/2 request line");
        }
        return framing;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        answers.observe(msg);
        if (answers.begins(msg) && ++answersStarted == failedRequest && !answeredHere
                && isBareRefusal((HttpResponse) msg)) {
            // a body failed half-way and Reactor Netty's bare answer is still the request's answer
            ReferenceCountUtil.release(msg);
            ctx.write(problem(), promise);
            return;
        }
        ctx.write(msg, promise);
        if (answers.ends(msg) && ++answersWritten == failedRequest - 1 && answeredHere) {
            answer(ctx);
        }
    }

    /** The failed request's answer, after every answer before it; nothing more is read or written after it. */
    private void answer(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(problem()).addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse problem() {
        HubError error = failure instanceof HubProblemException refusal ? refusal.error() : errorFor(failure);
        String detail = failure instanceof HubProblemException refusal ? refusal.detail() : detailFor(error);
        log.debug("Answering a request that could not be decoded with {}: {}", error.code(), failure.toString());
        String requestId = RequestIds.newId();
        FullHttpResponse problem = ClosingProblemResponses.of(error, detail, requestId, clock.instant());
        report(requestId, error);
        return problem;
    }

    private void failed(HttpRequest request) {
        failedMessage = request;
        failedAtNanos = System.nanoTime();
    }

    /**
     * The request line as read. The codec stands in a whole request of its own for one whose request line it
     * could not read, while a request it read only in part is an ordinary one marked as failed.
     */
    private void report(String requestId, HubError error) {
        long latency = System.nanoTime() - failedAtNanos;
        if (failedMessage == null || failedMessage instanceof FullHttpRequest) {
            refusals.refused(ListenerRefusal.withoutRequestLine(requestId, error.status().value(), latency));
            return;
        }
        String uri = failedMessage.uri();
        int query = uri.indexOf('?');
        refusals.refused(new ListenerRefusal(requestId, failedMessage.method().name(),
                query < 0 ? uri : uri.substring(0, query), failedMessage.protocolVersion().text(),
                error.status().value(), latency));
    }

    /** Reactor Netty's answer to a request it could not decode: a whole response without a body. */
    private static boolean isBareRefusal(HttpResponse response) {
        return response instanceof FullHttpResponse full && !full.content().isReadable()
                && response.status().codeClass() == HttpStatusClass.CLIENT_ERROR;
    }

    /** The status Reactor Netty would choose: a request line or header block over the ceiling is told apart. */
    private static HubError errorFor(Throwable failure) {
        if (failure instanceof TooLongHttpLineException) {
            return HubError.URI_TOO_LONG;
        }
        if (failure instanceof TooLongHttpHeaderException) {
            return HubError.HEADERS_TOO_LARGE;
        }
        return HubError.BAD_REQUEST;
    }

    private static String detailFor(HubError error) {
        return switch (error) {
            case URI_TOO_LONG -> "The request line is longer than the edge reads";
            case HEADERS_TOO_LARGE -> "The request header block is larger than the edge reads";
            default -> "The request is not well-formed HTTP/1.1 (RFC 9112) and was not read further";
        };
    }
}
