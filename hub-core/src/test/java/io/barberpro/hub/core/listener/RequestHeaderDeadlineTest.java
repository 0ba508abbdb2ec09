package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The header deadline on one connection, with the event loop's time and the deadline's clock advanced by hand:
 * a codec as the edge has it, the deadline around it, and a handler that records requests and is answered by
 * the test.
 */
class RequestHeaderDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String GET = "GET /api/bookings HTTP/1.1\r\nHost: edge\r\n\r\n";

    private long now;
    private final List<String> requests = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    RequestHeaderDeadlineTest() {
        channel.freezeTime();
        channel.pipeline().addLast("codec", new HttpServerCodec());
        channel.pipeline().addLast("requests", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                // the codec emits what it holds as a failed request when the connection closes
                if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                    requests.add(request.uri());
                }
                ReferenceCountUtil.release(msg);
            }
        });
        new RequestHeaderDeadline(DEADLINE, () -> now).addTo(channel.pipeline(), "codec", "requests");
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aHeaderStillIncompleteAtTheDeadlineIsAnsweredWith408AndTheConnectionClosed() {
        // given: the start of a header block
        send("GET /api/bookings HTTP/1.1\r\nHost: ed");

        // when: the deadline passes without the rest
        advance(DEADLINE.minusMillis(1));
        boolean openJustBefore = channel.isOpen();
        advance(Duration.ofMillis(1));

        // then: a 408 problem document, and the connection closed
        assertThat(openJustBefore).isTrue();
        String answer = written();
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .contains("content-type: application/problem+json\r\n", "connection: close\r\n", "X-Request-Id: ")
                .contains("\"type\":\"https://docs.barberpro.io/hub/problems/request-timeout\"", "\"status\":408",
                        "\"code\":\"request-timeout\"", "within 10000 ms");
        assertThat(channel.isOpen()).isFalse();
        assertThat(requests).isEmpty();
    }

    @Test
    void trickledBytesDoNotExtendTheDeadline() {
        // given: a header block arriving a few bytes at a time, each well within the deadline of the one before
        String header = "GET /api/bookings HTTP/1.1\r\nHost: edge\r\nX-Slow: ";
        for (int i = 0; i < header.length() && channel.isOpen(); i += 4) {
            send(header.substring(i, Math.min(i + 4, header.length())));
            advance(Duration.ofSeconds(1));
        }
        // when: the bytes keep coming past the deadline of the first one
        while (channel.isOpen() && now < 3 * DEADLINE.toNanos()) {
            send("a");
            advance(Duration.ofSeconds(1));
        }

        // then: cut off at the deadline of the first byte, not of the last
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertThat(channel.isOpen()).isFalse();
        assertThat(Duration.ofNanos(now)).isEqualTo(DEADLINE);
    }

    @Test
    void aKeptAliveConnectionMayWaitLongerThanTheDeadlineBeforeItsNextRequest() {
        // given: a request answered on a kept-alive connection
        send(GET);
        answer();

        // when: the partner waits five deadlines, then sends its next request
        advance(DEADLINE.multipliedBy(5));
        send(GET);
        answer();

        // then: both are served; waiting is the idle timeout's business
        assertThat(requests).hasSize(2);
        assertThat(written()).doesNotContain("408");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBodySlowerThanTheDeadlineIsNotCutOff() {
        // given: a complete header block announcing a body
        send("POST /api/bookings HTTP/1.1\r\nHost: edge\r\nContent-Length: 4\r\n\r\n");

        // when: the body arrives a byte per half deadline
        for (String b : List.of("a", "b", "c", "d")) {
            advance(DEADLINE.dividedBy(2));
            send(b);
        }
        answer();

        // then: the request is served, the connection open
        assertThat(requests).containsExactly("/api/bookings");
        assertThat(written()).startsWith("HTTP/1.1 200 ");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aPipelinedHeaderIsTimedFromTheAnswerToTheRequestBeforeIt() {
        // given: a request, and the start of a second header block pipelined behind it
        send(GET);
        send("GET /api/second HTTP/1.1\r\nHo");

        // when: the first answer takes two deadlines, and the rest of the second header never comes
        advance(DEADLINE.multipliedBy(2));
        boolean openWhileAnswering = channel.isOpen();
        answer();
        advance(DEADLINE.minusMillis(1));
        boolean openJustBefore = channel.isOpen();
        advance(Duration.ofMillis(1));

        // then: the edge's own slowness is not held against the partner; the deadline runs from the answer
        assertThat(openWhileAnswering).isTrue();
        assertThat(openJustBefore).isTrue();
        assertThat(written()).startsWith("HTTP/1.1 200 ").contains("HTTP/1.1 408 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHeaderCompletedInTimeIsServedAndLeavesNoDeadlineBehind() {
        // given: a header block in two parts, completed just before the deadline
        send("GET /api/bookings HTTP/1.1\r\n");
        advance(DEADLINE.minusMillis(1));
        send("Host: edge\r\n\r\n");
        answer();

        // when: the connection then stays idle for several deadlines
        advance(DEADLINE.multipliedBy(3));

        // then: the request was served and nothing more is written
        assertThat(requests).containsExactly("/api/bookings");
        assertThat(written()).startsWith("HTTP/1.1 200 ").doesNotContain("408");
        assertThat(channel.isOpen()).isTrue();
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, US_ASCII));
    }

    private void answer() {
        DefaultFullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ok.headers().setInt("content-length", 0);
        channel.writeOutbound(ok);
    }

    private void advance(Duration time) {
        now += time.toNanos();
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** Everything written to the partner so far, consumed. */
    private String written() {
        StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) o;
            out.append(bytes.toString(US_ASCII));
            bytes.release();
        }
        return out.toString();
    }
}
