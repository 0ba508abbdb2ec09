package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Stopping the edge, as a rolling restart does: requests in flight are answered, nothing new is accepted, idle
 * connections are closed at once, and a request that outlasts {@code shutdown-grace} does not hold the hub up.
 */
class EdgeListenersShutdownTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Fires when the handler has a request; the handler answers it when {@link #release} is emitted. */
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final Sinks.Empty<Void> release = Sinks.empty();
    private EdgeListeners edge;

    @AfterEach
    void stopWhatIsLeft() {
        release.tryEmitEmpty();
        if (edge != null && edge.isRunning()) {
            edge.stop();
        }
    }

    @Test
    void aRequestInFlightIsAnsweredWhileTheEdgeStopsAcceptingAndStopWaitsForIt() throws Exception {
        // given: an edge whose handler holds each request until released, and a partner with a request in it
        start(Duration.ofSeconds(30));
        int port = edge.httpPort();
        try (Socket partner = connect(port)) {
            send(partner, "GET /slow HTTP/1.1\r\nHost: edge\r\n\r\n");
            assertThat(inFlight.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // when: the hub stops
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(edge::stop);

            // then: no new connection is accepted, and stopping waits for the request in flight
            awaitRefused(port);
            assertThatThrownBy(() -> stopping.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            // when: the request's answer is ready
            release.tryEmitEmpty();

            // then: the partner gets it whole, told the connection closes after it (RFC 9112 §9.6), which it then
            // does, and the edge has stopped
            String answer = readToEnd(partner.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\nconnection: close\r\n")
                    .endsWith("\r\n\r\nanswered");
            stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(edge.isRunning()).isFalse();
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAtOnceAndStopDoesNotWaitTheGraceForIt() throws Exception {
        // given: a partner connection kept alive after an answered request
        start(Duration.ofSeconds(30));
        release.tryEmitEmpty();
        try (Socket partner = connect(edge.httpPort())) {
            send(partner, "GET /first HTTP/1.1\r\nHost: edge\r\n\r\n");
            assertThat(readResponse(partner.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("answered")
                    .doesNotContainIgnoringCase("connection: close");

            // when: the hub stops
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(edge::stop);

            // then: well within the 30s grace, the edge has stopped and the idle connection is closed
            stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(partner.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestOutlastingTheGraceIsCutOffAndStopReturns() throws Exception {
        // given: an edge with a short grace, and a request its handler never answers
        start(Duration.ofMillis(300));
        try (Socket partner = connect(edge.httpPort())) {
            send(partner, "GET /never HTTP/1.1\r\nHost: edge\r\n\r\n");
            assertThat(inFlight.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // when: the hub stops
            CompletableFuture.runAsync(edge::stop).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            // then: the connection is closed without an answer
            assertThat(readToEnd(partner.getInputStream())).isEmpty();
        }
    }

    private void start(Duration shutdownGrace) {
        HttpHandler handler = (request, response) -> {
            inFlight.countDown();
            byte[] body = "answered".getBytes(US_ASCII);
            response.getHeaders().setContentLength(body.length);
            return release.asMono().then(response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body))));
        };
        edge = new EdgeListeners(
                new ListenerProperties(
                        new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8), Duration.ofSeconds(60),
                                Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, true, shutdownGrace), 0,
                        List.of("/admin/"),
                        new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                () -> handler, new StaticListableBeanFactory().getBeanProvider(EdgeTlsMaterial.class),
                new StaticListableBeanFactory().getBeanProvider(RegisteredClientCas.class),
                new StaticListableBeanFactory().getBeanProvider(ListenerRefusalLog.class), Clock.systemUTC());
        edge.start();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(US_ASCII));
        socket.getOutputStream().flush();
    }

    /**
     * Until the listening socket is closed; a connection attempt that still succeeds is closed again. An attempt
     * made as the socket closes can be reset rather than refused, which counts the same.
     */
    private static void awaitRefused(int port) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                Thread.onSpinWait();
            } catch (SocketException refusedOrReset) {
                return;
            }
        }
        throw new AssertionError("the edge still accepted connections on port " + port + " after " + PATIENCE);
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), US_ASCII);
    }

    /** One response with a Content-Length body, read without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), US_ASCII);
    }
}
