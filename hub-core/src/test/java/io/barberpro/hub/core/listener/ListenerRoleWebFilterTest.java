package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class ListenerRoleWebFilterTest {

    private static final int LIMIT = RawHttpEdge.HEADER_LIMIT;
    private static final int LINE_LIMIT = RawHttpEdge.LINE_LIMIT;

    /** Set by the handler behind the filter in the tests that call the filter directly. */
    private final AtomicBoolean passed = new AtomicBoolean();

    @Test
    void adminPathsAreNotFoundOnThePartnerEdge() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.get("/admin/v1/partners", "");

            assertThat(response).startsWith("HTTP/1.1 404 ");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void aHeaderBlockExactlyAtTheEdgeLimitReachesTheHandler() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            // Without optional whitespace, Netty's count (each line without its CRLF) and the hub's agree.
            int filler = LIMIT - "Host:edge".length() - "Connection:close".length() - "X-Filler:".length();

            String response = edge.get("/api/v1/providers", "X-Filler:" + "z".repeat(filler) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(edge.reached()).isTrue();
        }
    }

    @Test
    void aHeaderBlockJustOverTheEdgeLimitGets431ProblemWithTheRequestIdAndTheConnectionClosed() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            int filler = LIMIT + 1 - "Host:edge".length() - "Connection:close".length()
                    - "X-Request-Id:big-header-1".length() - "X-Filler:".length();

            String response = edge.get("/api/v1/providers",
                    "X-Request-Id:big-header-1\r\nX-Filler:" + "z".repeat(filler) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 431 ");
            assertThat(response).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .containsIgnoringCase("x-request-id: big-header-1")
                    .contains("\"code\":\"headers-too-large\"");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void partnerPathsAreNotFoundOnTheAdminListenerAndAdminPathsPass() {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            MockServerWebExchange partnerPath = exchangeOn("/api/v1/providers", 9000);
            MockServerWebExchange adminPath = exchangeOn("/actuator", 9000);

            RawHttpEdge.filter(edge.listeners()).filter(partnerPath, e -> Mono.fromRunnable(() -> passed.set(true))).block();
            assertThat(passed).isFalse();
            assertThat(partnerPath.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

            RawHttpEdge.filter(edge.listeners()).filter(adminPath, e -> Mono.fromRunnable(() -> passed.set(true))).block();
            assertThat(passed).isTrue();
            assertThat(ListenerRoleWebFilter.role(adminPath)).isEqualTo(ListenerRole.ADMIN);
        }
    }

    @Test
    void aRequestLineExactlyAtTheEdgeLimitReachesTheHandler() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String path = pathForLineOf(LINE_LIMIT);
            assertThat(("GET " + path + " HTTP/1.1").length()).isEqualTo(LINE_LIMIT);

            String response = edge.get(path, "");

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(edge.reached()).isTrue();
        }
    }

    @Test
    void aRequestLineJustOverTheEdgeLimitGets414ProblemWithTheRequestIdAndTheConnectionClosed() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String path = pathForLineOf(LINE_LIMIT + 1);

            String response = edge.get(path, "X-Request-Id:long-line-1\r\n");

            assertThat(response).startsWith("HTTP/1.1 414 ");
            assertThat(response).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .containsIgnoringCase("x-request-id: long-line-1")
                    .contains("\"code\":\"uri-too-long\"")
                    .contains("\"status\":414");
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void anHttp11RequestWithoutHostOrWithTwoGets400Problem() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String withoutHost = edge.exchange("GET /api/v1/providers HTTP/1.1\r\nConnection:close\r\n\r\n");
            String twoHosts = edge.exchange(
                    "GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\nHost:other\r\nConnection:close\r\n\r\n");

            for (String response : List.of(withoutHost, twoHosts)) {
                assertThat(response).startsWith("HTTP/1.1 400 ")
                        .containsIgnoringCase("content-type: application/problem+json")
                        .contains("\"code\":\"bad-request\"");
            }
            assertThat(edge.reached()).isFalse();
        }
    }

    @Test
    void anHttp10RequestWithoutHostIsServed() throws IOException {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            String response = edge.exchange("GET /api/v1/providers HTTP/1.0\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.0 200 ");
            assertThat(edge.reached()).isTrue();
        }
    }

    @Test
    void theAdminListenerLeavesLargeHeaderBlocksToItsOwnServer() {
        try (RawHttpEdge edge = RawHttpEdge.started()) {
            MockServerWebExchange adminPath = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator")
                    .header("X-Filler", "z".repeat(2 * LIMIT))
                    .localAddress(new InetSocketAddress("127.0.0.1", 9000)));

            RawHttpEdge.filter(edge.listeners()).filter(adminPath, e -> Mono.fromRunnable(() -> passed.set(true))).block();

            assertThat(passed).isTrue();
        }
    }

    /** A path whose {@code GET <path> HTTP/1.1} request line is {@code length} characters long. */
    private static String pathForLineOf(int length) {
        String prefix = "/api/v1/providers?q=";
        return prefix + "z".repeat(length - "GET  HTTP/1.1".length() - prefix.length());
    }

    private static MockServerWebExchange exchangeOn(String path, int localPort) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .localAddress(new InetSocketAddress("127.0.0.1", localPort)));
    }
}
