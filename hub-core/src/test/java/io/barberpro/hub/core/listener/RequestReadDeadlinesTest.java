package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read deadlines on one connection, with the event loop's time and the deadlines' clock advanced by hand:
 * a codec as the edge has it, the deadlines around it, and a handler that records requests and failures and is
 * answered by the test. The edge asks for bytes by auto-read unless a test says otherwise.
 */
class RequestReadDeadlinesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    // shorter than the header deadline, so a body needs a check earlier than the one its header block scheduled
    private static final Duration BODY_PAUSE = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final String POST = "POST /api/bookings HTTP/1.1\r\nHost: edge\r\nContent-Length: 4\r\n\r\n";
    private static final String GET = "GET /api/bookings HTTP/1.1\r\nHost: edge\r\n\r\n";

    private long now;
    private final List<String> requests = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<ListenerRefusal> refusals = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    RequestReadDeadlinesTest() {
        channel.freezeTime();
        channel.pipeline().addLast("codec", new HttpServerCodec());
        channel.pipeline().addLast("requests", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    requests.add(request.uri());
                }
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
            }
        });
        new RequestReadDeadlines(DEADLINE, BODY_PAUSE, IDLE, () -> now, RawHttpEdge.CLOCK, refusals::add)
                .addTo(channel.pipeline(), "codec", "requests");
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
                .as("dated by the application's clock").contains("date: " + RawHttpEdge.CLOCK_DATE + "\r\n")
                .contains("\"type\":\"https://docs.barberpro.io/hub/problems/request-timeout\"", "\"status\":408",
                        "\"code\":\"request-timeout\"", "within 10000 ms");
        assertThat(channel.isOpen()).isFalse();
        assertThat(requests).as("the partial header block the codec gives up at close is not passed on").isEmpty();
        // and reported with the id its problem carries, as a request whose line was never read
        Matcher requestId = Pattern.compile("X-Request-Id: (\\S+)\r\n").matcher(answer);
        assertThat(requestId.find()).isTrue();
        assertThat(refusals).containsExactly(new ListenerRefusal(requestId.group(1), "-", "-", "-", 408,
                DEADLINE.toNanos()));
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

        // then: both are served; waiting is the idle timeout's business (60 s here)
        assertThat(requests).hasSize(2);
        assertThat(written()).doesNotContain("408");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBodyWhosePausesStayWithinTheLimitIsServedHoweverLongItTakes() {
        // given: a complete header block announcing a body
        send(POST);

        // when: the body arrives a byte per almost the pause limit, four times the limit in all
        for (String b : List.of("a", "b", "c", "d")) {
            advance(BODY_PAUSE.minusSeconds(1));
            send(b);
        }
        answer();

        // then: the request is served, the connection open
        assertThat(requests).containsExactly("/api/bookings");
        assertThat(failures).isEmpty();
        assertThat(written()).startsWith("HTTP/1.1 200 ");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBodyPausingBeyondTheLimitFailsTheRequestWithRequestTimeoutAndItsAnswerClosesTheConnection() {
        // given: half a body
        send(POST + "ab");

        // when: the rest does not come while the edge asks for it
        advance(BODY_PAUSE.minusMillis(1));
        boolean failedJustBefore = !failures.isEmpty();
        advance(Duration.ofMillis(1));

        // then: the request's body stream fails with a request-timeout problem; its answer closes the connection
        assertThat(failedJustBefore).isFalse();
        assertThat(failures).singleElement().isInstanceOfSatisfying(HubProblemException.class, problem -> {
            assertThat(problem.error()).isEqualTo(HubError.REQUEST_TIMEOUT);
            assertThat(problem.detail()).isEqualTo("The request body paused for more than 5000 ms");
        });
        assertThat(channel.isOpen()).isTrue();
        send("cd" + GET);
        assertThat(requests).as("bytes after the stall are not read as a request").containsExactly("/api/bookings");
        answer(HttpResponseStatus.REQUEST_TIMEOUT);
        channel.runPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 408 ").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void timeTheEdgeHoldsReadsBackIsNotCountedAgainstTheBody() {
        // given: half a body, and an edge holding reads back (the upstream is slow to take the body)
        send(POST + "ab");
        channel.config().setAutoRead(false);

        // when: the edge holds back for three limits, then asks again, and the partner stays silent
        advance(BODY_PAUSE.multipliedBy(3));
        boolean failedWhileHeldBack = !failures.isEmpty();
        channel.config().setAutoRead(true);
        advance(BODY_PAUSE.minusMillis(1));
        boolean failedJustBefore = !failures.isEmpty();
        advance(Duration.ofMillis(1));

        // then: the clock ran only from the edge's new request for bytes
        assertThat(failedWhileHeldBack).isFalse();
        assertThat(failedJustBefore).isFalse();
        assertThat(failures).singleElement().isInstanceOf(HubProblemException.class);
    }

    @Test
    void withReadsAskedForOneAtATimeOnlyAnUnansweredReadCountsAgainstTheBody() {
        // given: an edge reading on request, as Reactor Netty's server does, and half a body read
        channel.config().setAutoRead(false);
        send(POST + "ab");

        // when: the edge asks for nothing for three limits, then asks once, and the partner stays silent
        advance(BODY_PAUSE.multipliedBy(3));
        boolean failedWhileNotAsking = !failures.isEmpty();
        channel.read();
        advance(BODY_PAUSE.minusMillis(1));
        boolean failedJustBefore = !failures.isEmpty();
        advance(Duration.ofMillis(1));

        // then: the clock ran only from the read the partner left unanswered
        assertThat(failedWhileNotAsking).isFalse();
        assertThat(failedJustBefore).isFalse();
        assertThat(failures).singleElement().isInstanceOf(HubProblemException.class);
    }

    @Test
    void aBodyStallingAfterTheAnswerStartedClosesTheConnection() {
        // given: half a body, and an answer already under way (an early error, or a streamed upstream response)
        send(POST + "ab");
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));

        // when: the rest of the body does not come
        advance(BODY_PAUSE);

        // then: nothing is left to answer with; the connection is closed
        assertThat(failures).isEmpty();
        assertThat(channel.isOpen()).isFalse();
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
    void aRequestTheCodecCouldNotDecodeGoesOnToBeAnsweredRatherThanFailingTheConnection() {
        // given: a header block whose Content-Length is not a number, which the codec passes on marked as failed
        send("POST /api/bookings HTTP/1.1\r\nHost: edge\r\nContent-Length: abc\r\n\r\n");

        // then: it reaches the handler after the deadlines (Reactor Netty's, which answers it with a 400) and nothing
        // failed on the way: before, reading its length threw, and the partner's connection closed without an answer
        assertThat(failures).isEmpty();
        assertThat(requests).containsExactly("/api/bookings");
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

    @Test
    void aConnectionWithNoRequestForTheIdleTimeoutAfterItsLastAnswerIsClosedWithoutAWord() {
        // given: a request answered
        send(GET);
        answer();
        assertThat(written()).startsWith("HTTP/1.1 200 ");

        // when / then: open 1 ms before the idle timeout, closed at it, with nothing written
        advance(IDLE.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(channel.isOpen()).isFalse();
        assertThat(written()).isEmpty();
    }

    @Test
    void aNewConnectionThatSendsNothingIsClosedAtTheIdleTimeout() {
        // when / then
        advance(IDLE.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestStillBeingAnsweredIsNotIdleAndTheIdleClockStartsWithItsAnswer() {
        // given: a request whose answer takes two idle timeouts (an upstream's time limits are the gateway's)
        send(GET);
        advance(IDLE.multipliedBy(2));
        assertThat(channel.isOpen()).isTrue();

        // when
        answer();

        // then: idle from the answer on
        advance(IDLE.minusMillis(1));
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(channel.isOpen()).isFalse();
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, US_ASCII));
    }

    private void answer() {
        answer(HttpResponseStatus.OK);
    }

    private void answer(HttpResponseStatus status) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().setInt("content-length", 0);
        channel.writeOutbound(response);
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
