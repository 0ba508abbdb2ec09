package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class UndecodableRequestProblemsTest {

    private static final String CHUNKED_BODY = "2\r\n{}\r\n0\r\n\r\n";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 \\d{3} ");
    private static final Pattern REQUEST_ID_HEADER = Pattern.compile("(?i)\r\nx-request-id: (\\S+)\r\n");

    @Test
    void aHeaderNameWithASpaceGets400ProblemWithItsRequestIdAndTheConnectionClosed() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.get("/api/v1/providers", "Bad Name: x\r\n");

            assertProblem(response, 400, "bad-request");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aContentLengthThatIsNoNumberGets400ProblemRatherThanAClosedConnection() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.get("/api/v1/providers", "Content-Length:abc\r\n");

            assertProblem(response, 400, "bad-request");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void anHttp2RequestLineSentAsHttp11Gets400Problem() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange("GET /api/v1/providers HTTP/2.0\r\nHost:edge\r\n\r\n");

            assertProblem(response, 400, "bad-request");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aRequestLineOverTheDecodersCeilingGets414ProblemWithARequestIdOfTheEdgesOwn() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            int ceiling = EdgeListeners.decoderMaxInitialLineLength(DataSize.ofBytes(RawHttpEdge.LINE_LIMIT));
            assertThat(ceiling).isEqualTo(4 * RawHttpEdge.LINE_LIMIT);

            String response = edge.get("/api/v1/providers?q=" + "z".repeat(ceiling), "X-Request-Id:long-line-2\r\n");

            assertProblem(response, 414, "uri-too-long");
            assertThat(response).doesNotContain("long-line-2");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aHeaderBlockOverTheDecodersCeilingGets431Problem() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            int ceiling = EdgeListeners.decoderMaxHeaderSize(DataSize.ofBytes(RawHttpEdge.HEADER_LIMIT));
            assertThat(ceiling).isEqualTo(32 * 1024);

            String response = edge.get("/api/v1/providers", "X-Filler:" + "z".repeat(ceiling) + "\r\n");

            assertProblem(response, 431, "headers-too-large");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aMalformedRequestPipelinedBehindAGoodOneIsAnsweredAfterItsAnswer() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange("GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\n\r\n"
                    + "GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\nBad Name: x\r\n\r\n");

            Matcher statusLines = STATUS_LINE.matcher(response);
            assertThat(statusLines.find()).isTrue();
            assertThat(statusLines.group()).isEqualTo("HTTP/1.1 200 ");
            assertThat(statusLines.find()).isTrue();
            assertThat(statusLines.group()).isEqualTo("HTTP/1.1 400 ");
            String second = response.substring(statusLines.start());
            assertThat(statusLines.find()).isFalse();
            assertProblem(second, 400, "bad-request");
            assertThat(edge.reached()).isTrue();
        }
    }

    @Test
    void aRefusedRequestPipelinedBehindTwoGoodOnesIsAnsweredThirdAndNothingAfterItIsRead() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String good = "GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\n\r\n";
            String response = edge.exchange(good + good + post("Transfer-Encoding: gzip, chunked\r\n", CHUNKED_BODY)
                    + good);

            assertThat(STATUS_LINE.matcher(response).results().map(MatchResult::group))
                    .containsExactly("HTTP/1.1 200 ", "HTTP/1.1 200 ", "HTTP/1.1 501 ");
            assertThat(edge.refusals()).singleElement().extracting(ListenerRefusal::status).isEqualTo(501);
        }
    }

    @Test
    void aChunkSizeThatIsNoNumberHalfWayThroughTheBodyGets400Problem() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange(post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\nzz\r\n"));

            assertProblem(response, 400, "bad-request");
        }
    }

    @Test
    void aTransferCodingBesideChunkedGets501ProblemInOneFieldLineOrTwo() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String oneLine = edge.exchange(post("Transfer-Encoding: gzip, chunked\r\n", CHUNKED_BODY));
            String twoLines = edge.exchange(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", CHUNKED_BODY));

            assertProblem(oneLine, 501, "unsupported-transfer-coding");
            assertProblem(twoLines, 501, "unsupported-transfer-coding");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aFinalTransferCodingOtherThanChunkedGets400AndWhatFollowsIsNotReadAsARequest() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            // Netty would read no body here, and the "body" as a second request
            String smuggling = edge.exchange(post("Transfer-Encoding: gzip\r\n",
                    "GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\n\r\n"));

            assertProblem(smuggling, 400, "bad-request");
            assertThat(smuggling).contains("The final transfer coding of a request must be chunked");
            assertThat(STATUS_LINE.matcher(smuggling).results().count()).isEqualTo(1);
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void chunkedTwiceOrTransferEncodingInHttp10Gets400() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String twice = edge.exchange(post("Transfer-Encoding: chunked, chunked\r\n", CHUNKED_BODY));
            String twiceBesideGzip = edge.exchange(post("Transfer-Encoding: gzip, chunked, chunked\r\n", CHUNKED_BODY));
            String http10 = edge.exchange("POST /api/v1/bookings HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + CHUNKED_BODY);

            assertProblem(twice, 400, "bad-request");
            assertProblem(twiceBesideGzip, 400, "bad-request");
            assertProblem(http10, 400, "bad-request");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void chunkedAloneInAnyCaseIsServed() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange(post("Transfer-Encoding: Chunked\r\n", CHUNKED_BODY));

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(edge.reached()).isTrue();
        }
    }

    @Test
    void eachRefusalIsReportedWithTheRequestIdItsProblemCarriesAndTheRequestLineWithoutItsQuery() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            // given / when: a request whose line was read and whose header block was not
            String response = edge.get("/api/v1/providers?api_key=secret", "Bad Name: x\r\n");

            // then
            assertThat(edge.refusals()).singleElement().satisfies(refusal -> {
                assertThat(refusal.requestId()).isEqualTo(requestIdOf(response));
                assertThat(refusal).extracting(ListenerRefusal::method, ListenerRefusal::path, ListenerRefusal::protocol,
                        ListenerRefusal::status).containsExactly("GET", "/api/v1/providers", "HTTP/1.1", 400);
                assertThat(refusal.latencyNanos()).isNotNegative();
            });
        }
    }

    @Test
    void aRefusalOfARequestLineTheCodecCouldNotReadIsReportedWithoutOne() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            int ceiling = EdgeListeners.decoderMaxInitialLineLength(DataSize.ofBytes(RawHttpEdge.LINE_LIMIT));

            String response = edge.get("/api/v1/providers?q=" + "z".repeat(ceiling), "");

            assertThat(edge.refusals()).singleElement().extracting(ListenerRefusal::requestId, ListenerRefusal::method,
                    ListenerRefusal::path, ListenerRefusal::protocol, ListenerRefusal::status)
                    .containsExactly(requestIdOf(response), "-", "-", "-", 414);
        }
    }

    @Test
    void onlyTheRefusedRequestIsReportedNotTheOnesServedBeforeIt() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange("GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\n\r\n"
                    + post("Transfer-Encoding: gzip, chunked\r\n", CHUNKED_BODY));

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(edge.refusals()).singleElement().extracting(ListenerRefusal::method, ListenerRefusal::path,
                    ListenerRefusal::status).containsExactly("POST", "/api/v1/bookings", 501);
        }
    }

    private static String requestIdOf(String response) {
        Matcher requestId = REQUEST_ID_HEADER.matcher(response);
        assertThat(requestId.find()).as("an X-Request-Id header").isTrue();
        return requestId.group(1);
    }

    private static String post(String framingHeaders, String body) {
        return "POST /api/v1/bookings HTTP/1.1\r\nHost:edge\r\nConnection:close\r\n" + framingHeaders + "\r\n" + body;
    }

    /** One whole problem answer: its status, code, request id in header and body alike, Date, and the close. */
    private static void assertProblem(String response, int status, String code) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ")
                .containsIgnoringCase("content-type: application/problem+json")
                .containsIgnoringCase("connection: close")
                .contains("\"status\":" + status)
                .contains("\"code\":\"" + code + "\"");
        assertThat(response).as("a Date header from the application's clock")
                .containsIgnoringCase("\r\ndate: " + RawHttpEdge.CLOCK_DATE + "\r\n");
        assertThat(response).contains("\"requestId\":\"" + requestIdOf(response) + "\"");
        int body = response.indexOf("\r\n\r\n") + 4;
        assertThat(response.substring(body)).startsWith("{").endsWith("}");
    }
}
