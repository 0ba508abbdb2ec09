package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIdWebFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

class ListenerRoleWebFilterTest {

    private static final int LIMIT = 8 * 1024;
    /** Over Netty's default of 4 KB, which the edge's decoder no longer applies. */
    private static final int LINE_LIMIT = 6 * 1024;

    private final ListenerProperties properties = new ListenerProperties(
            new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofBytes(LIMIT), DataSize.ofBytes(LINE_LIMIT), Duration.ofSeconds(60),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, true, Duration.ofSeconds(20)), 0,
            List.of("/admin/", "/actuator"),
            new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30)));
    private final AtomicBoolean reached = new AtomicBoolean();

    @Test
    void adminPathsAreNotFoundOnThePartnerEdge() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String response = exchangeOverTheEdge(edge, "/admin/v1/partners", "");

            assertThat(response).startsWith("HTTP/1.1 404 ");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aHeaderBlockExactlyAtTheEdgeLimitReachesTheHandler() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            // Without optional whitespace, Netty's count (each line without its CRLF) and the hub's agree.
            int filler = LIMIT - "Host:edge".length() - "Connection:close".length() - "X-Filler:".length();

            String response = exchangeOverTheEdge(edge, "/api/v1/providers", "X-Filler:" + "z".repeat(filler) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(reached).isTrue();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aHeaderBlockJustOverTheEdgeLimitGets431ProblemWithTheRequestIdAndTheConnectionClosed() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            int filler = LIMIT + 1 - "Host:edge".length() - "Connection:close".length()
                    - "X-Request-Id:big-header-1".length() - "X-Filler:".length();

            String response = exchangeOverTheEdge(edge, "/api/v1/providers",
                    "X-Request-Id:big-header-1\r\nX-Filler:" + "z".repeat(filler) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 431 ");
            assertThat(response).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .containsIgnoringCase("x-request-id: big-header-1")
                    .contains("\"code\":\"headers-too-large\"");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aHeaderBlockOverTheDecodersCeilingGetsNettysBare431() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            int ceiling = EdgeListeners.decoderMaxHeaderSize(DataSize.ofBytes(LIMIT));
            assertThat(ceiling).isEqualTo(32 * 1024);

            String response = exchangeOverTheEdge(edge, "/api/v1/providers", "X-Filler:" + "z".repeat(ceiling) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 431 ").doesNotContain("headers-too-large");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void partnerPathsAreNotFoundOnTheAdminListenerAndAdminPathsPass() {
        EdgeListeners edge = startedEdge();
        try {
            MockServerWebExchange partnerPath = exchangeOn("/api/v1/providers", 9000);
            MockServerWebExchange adminPath = exchangeOn("/actuator", 9000);

            filter(edge).filter(partnerPath, e -> Mono.fromRunnable(() -> reached.set(true))).block();
            assertThat(reached).isFalse();
            assertThat(partnerPath.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

            filter(edge).filter(adminPath, e -> Mono.fromRunnable(() -> reached.set(true))).block();
            assertThat(reached).isTrue();
            assertThat(ListenerRoleWebFilter.role(adminPath)).isEqualTo(ListenerRole.ADMIN);
        } finally {
            edge.stop();
        }
    }

    @Test
    void aRequestLineExactlyAtTheEdgeLimitReachesTheHandler() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String path = pathForLineOf(LINE_LIMIT);
            assertThat(("GET " + path + " HTTP/1.1").length()).isEqualTo(LINE_LIMIT);

            String response = exchangeOverTheEdge(edge, path, "");

            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(reached).isTrue();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aRequestLineJustOverTheEdgeLimitGets414ProblemWithTheRequestIdAndTheConnectionClosed() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String path = pathForLineOf(LINE_LIMIT + 1);

            String response = exchangeOverTheEdge(edge, path, "X-Request-Id:long-line-1\r\n");

            assertThat(response).startsWith("HTTP/1.1 414 ");
            assertThat(response).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .containsIgnoringCase("x-request-id: long-line-1")
                    .contains("\"code\":\"uri-too-long\"")
                    .contains("\"status\":414");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aRequestLineOverTheDecodersCeilingGetsNettysBare414() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            int ceiling = EdgeListeners.decoderMaxInitialLineLength(DataSize.ofBytes(LINE_LIMIT));
            assertThat(ceiling).isEqualTo(4 * LINE_LIMIT);

            String response = exchangeOverTheEdge(edge, "/api/v1/providers?q=" + "z".repeat(ceiling), "");

            assertThat(response).startsWith("HTTP/1.1 414 ").doesNotContain("uri-too-long");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void aContentLengthThatIsNoNumberIsAnsweredWith400RatherThanAClosedConnection() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String response = exchangeOverTheEdge(edge, "/api/v1/providers", "Content-Length:abc\r\n");

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void anHttp11RequestWithoutHostOrWithTwoGets400Problem() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String withoutHost = exchangeRaw(edge, "GET /api/v1/providers HTTP/1.1\r\nConnection:close\r\n\r\n");
            String twoHosts = exchangeRaw(edge,
                    "GET /api/v1/providers HTTP/1.1\r\nHost:edge\r\nHost:other\r\nConnection:close\r\n\r\n");

            for (String response : List.of(withoutHost, twoHosts)) {
                assertThat(response).startsWith("HTTP/1.1 400 ")
                        .containsIgnoringCase("content-type: application/problem+json")
                        .contains("\"code\":\"bad-request\"");
            }
            assertThat(reached).isFalse();
        } finally {
            edge.stop();
        }
    }

    @Test
    void anHttp10RequestWithoutHostIsServed() throws IOException {
        EdgeListeners edge = startedEdge();
        try {
            String response = exchangeRaw(edge, "GET /api/v1/providers HTTP/1.0\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.0 200 ");
            assertThat(reached).isTrue();
        } finally {
            edge.stop();
        }
    }

    @Test
    void theAdminListenerLeavesLargeHeaderBlocksToItsOwnServer() {
        EdgeListeners edge = startedEdge();
        try {
            MockServerWebExchange adminPath = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator")
                    .header("X-Filler", "z".repeat(2 * LIMIT))
                    .localAddress(new InetSocketAddress("127.0.0.1", 9000)));

            filter(edge).filter(adminPath, e -> Mono.fromRunnable(() -> reached.set(true))).block();

            assertThat(reached).isTrue();
        } finally {
            edge.stop();
        }
    }

    private ListenerRoleWebFilter filter(EdgeListeners edge) {
        return new ListenerRoleWebFilter(properties, edge, new ProblemWriter(new ObjectMapper()));
    }

    /** The edge with the filters it has in the hub; a request that gets past them sets {@link #reached}. */
    private EdgeListeners startedEdge() {
        AtomicReference<EdgeListeners> edge = new AtomicReference<>();
        edge.set(new EdgeListeners(properties, () -> WebHttpHandlerBuilder
                .webHandler(exchange -> Mono.fromRunnable(() -> reached.set(true)))
                .filter(new RequestIdWebFilter(), filter(edge.get()))
                .build(), provider(null), provider(null)));
        edge.get().start();
        return edge.get();
    }

    /** A path whose {@code GET <path> HTTP/1.1} request line is {@code length} characters long. */
    private static String pathForLineOf(int length) {
        String prefix = "/api/v1/providers?q=";
        return prefix + "z".repeat(length - "GET  HTTP/1.1".length() - prefix.length());
    }

    /** Raw bytes, so the header block is exactly what the test says it is; answers the whole response. */
    private static String exchangeOverTheEdge(EdgeListeners edge, String path, String extraHeaders) throws IOException {
        return exchangeRaw(edge, "GET " + path + " HTTP/1.1\r\nHost:edge\r\nConnection:close\r\n" + extraHeaders + "\r\n");
    }

    /** {@code request} as it is, byte for byte; answers the whole response. */
    private static String exchangeRaw(EdgeListeners edge, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static MockServerWebExchange exchangeOn(String path, int localPort) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .localAddress(new InetSocketAddress("127.0.0.1", localPort)));
    }

    private static <T> ObjectProvider<T> provider(T value) {
        return new ObjectProvider<>() {
            @Override
            public T getObject(Object... args) {
                return value;
            }

            @Override
            public T getIfAvailable() {
                return value;
            }

            @Override
            public T getIfUnique() {
                return value;
            }

            @Override
            public T getObject() {
                return value;
            }
        };
    }
}
