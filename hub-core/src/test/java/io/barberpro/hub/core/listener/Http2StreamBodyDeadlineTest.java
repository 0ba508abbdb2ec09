package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline on one stream, as the stream's pipeline shows it to Reactor Netty's stream handler: requests and
 * body parts as HTTP/1.1-style messages, reads asked for, answers written. The event loop's time and the
 * deadline's clock are advanced together by hand; the stream asks for bytes by auto-read unless a test says not.
 */
class Http2StreamBodyDeadlineTest {

    private static final Duration PAUSE = Duration.ofSeconds(5);

    private long now;
    private final List<Throwable> failures = new ArrayList<>();
    private final EmbeddedChannel stream = new EmbeddedChannel();

    Http2StreamBodyDeadlineTest() {
        stream.freezeTime();
        stream.pipeline().addLast(new Http2StreamBodyDeadline(PAUSE, () -> now));
        stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
            }
        });
    }

    @AfterEach
    void close() {
        stream.finishAndReleaseAll();
    }

    @Test
    void aBodyPausingLongerThanTheLimitFailsTheRequestWithARequestTimeoutProblem() {
        // given: a request whose body has begun
        stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/bookings"));
        stream.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));

        // when: nothing more comes for the limit
        advance(PAUSE.minusMillis(1));
        boolean failedJustBefore = !failures.isEmpty();
        advance(Duration.ofMillis(1));

        // then: the request's body stream fails with a request-timeout problem; the stream stays for the answer
        assertThat(failedJustBefore).isFalse();
        assertThat(failures).singleElement().isInstanceOfSatisfying(HubProblemException.class,
                problem -> assertThat(problem.error()).isEqualTo(HubError.REQUEST_TIMEOUT));
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void eachBodyPartRestartsTheClock() {
        // given: a request whose body comes in parts, each within the limit of the one before
        stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/bookings"));
        for (int i = 0; i < 4; i++) {
            advance(PAUSE.minusSeconds(1));
            stream.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        }

        // when: the body ends within the limit of the last part, and much more time passes
        advance(PAUSE.minusSeconds(1));
        stream.writeInbound(new DefaultLastHttpContent());
        advance(PAUSE.multipliedBy(3));

        // then
        assertThat(failures).isEmpty();
    }

    @Test
    void timeTheEdgeHoldsReadsBackIsNotCountedAgainstThePartner() {
        // given: a body under way while the edge holds reads back, as for an upstream slow to take it
        stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/bookings"));
        stream.config().setAutoRead(false);

        // when: the partner is held back for several limits, then the edge asks for more
        advance(PAUSE.multipliedBy(3));
        boolean failedWhileHeldBack = !failures.isEmpty();
        stream.read();
        advance(PAUSE);

        // then: only the pause after the edge asked counts
        assertThat(failedWhileHeldBack).isFalse();
        assertThat(failures).hasSize(1);
    }

    @Test
    void aRequestWithoutABodyHasNoDeadline() {
        // given: a request whose HEADERS ended the stream
        stream.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bookings"));

        // when
        advance(PAUSE.multipliedBy(3));

        // then
        assertThat(failures).isEmpty();
    }

    @Test
    void afterATimeoutTheStreamIsResetOnceItsAnswerIsWrittenAndLateBodyPartsAreDropped() {
        // given: a body that timed out
        stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/bookings"));
        advance(PAUSE);
        DefaultHttpContent late = new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10]));

        // when: a late part arrives, and the 408 is written
        stream.writeInbound(late);
        stream.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT));

        // then: the late part was released unread, and the stream closed after the answer
        assertThat(late.refCnt()).isZero();
        assertThat(stream.isOpen()).isFalse();
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
        stream.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        stream.runScheduledPendingTasks();
    }
}
