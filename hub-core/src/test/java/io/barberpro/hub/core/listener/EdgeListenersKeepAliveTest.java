package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Kept-alive connections on the edge, where Reactor Netty has had two bugs.
 *
 * <p>Each request on a kept-alive connection must get operations of its own. Reactor
 * Netty 1.2.11 could make a request's operations the child of the previous request's, still terminating, when
 * that response had been written in one piece from another thread, as the gateway writes a buffered upstream
 * response from the upstream connection's event loop (reactor-netty#4188). On a busy partner connection the
 * chain grew hundreds of links long and every request walked it. This test keeps the version floor the parent
 * pom sets: with 1.2.11, 31 to 114 of its 240 requests were chained in five runs.
 *
 * <p>A connection must go on reading after a request buffered behind such a response is answered at once.
 * Reactor Netty up to 1.3.7 (reactor-netty#4361) stops reading there, so the next request waits for ever;
 * {@link KeepAliveReadResumer} asks for the read. Without the resumer the stall test timed out in each of six
 * runs on 1.2.18, and in one of three on 1.3.7 over epoll (none of three over io_uring). The idle timeout is
 * the edge's own ({@link RequestReadDeadlines}), counted from the last answer.
 *
 * <p>A connection's first request gets the same care as the later ones: a header block left incomplete is cut
 * off by {@link RequestReadDeadlines} long before the idle timeout (its rules: {@code RequestReadDeadlinesTest}).
 */
class EdgeListenersKeepAliveTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int CONNECTIONS = 4;
    private static final int REQUESTS_PER_CONNECTION = 60;
    private static final Field PARENT = parentField();

    private final Scheduler bodyThread = Schedulers.newSingle("upstream-like");
    private final AtomicInteger served = new AtomicInteger();
    private final List<Connection> parents = new CopyOnWriteArrayList<>();
    private final List<Object> channels = new CopyOnWriteArrayList<>();
    private EdgeListeners edge;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.stop();
        }
        bodyThread.dispose();
    }

    @Test
    void everyRequestOnAKeptAliveConnectionHangsOffTheConnectionNotOffTheRequestBefore() {
        // given: an edge answering each request with one complete message whose body comes from another thread
        start((request, response) -> {
            Connection operations = (Connection) ((AbstractServerHttpRequest) request).getNativeRequest();
            parents.add(parentOf(operations));
            channels.add(operations.channel().id());
            return answer(response, true);
        });

        // when: requests one after the other on a kept-alive connection, on several connections in turn (which
        // event loops a client and its server connection share decides how the writes interleave)
        List<String> answers = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            onOneConnection("chain-" + c, client -> {
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    answers.add(get(client, "/"));
                }
            });
        }

        // then: every request answered, each connection kept alive throughout, and no request's operations chained
        int requests = CONNECTIONS * REQUESTS_PER_CONNECTION;
        assertThat(answers).hasSize(requests).startsWith("r1").endsWith("r" + requests);
        assertThat(channels).hasSize(requests);
        assertThat(Set.copyOf(channels)).hasSize(CONNECTIONS);
        assertThat(parents).hasSize(requests);
        assertThat(parents.stream().filter(ChannelOperations.class::isInstance).count())
                .as("requests whose operations hang off the previous request's").isZero();
    }

    @Test
    void anAnswerWrittenAtOnceAfterOneWrittenFromAnotherThreadLeavesTheConnectionReading() {
        // given: an edge answering /upstream from another thread, as the gateway answers a proxied call, and
        // anything else at once, as it answers a 401 or a 429
        start((request, response) -> {
            channels.add(((Connection) ((AbstractServerHttpRequest) request).getNativeRequest()).channel().id());
            return answer(response, request.getPath().value().equals("/upstream"));
        });

        // when: the two kinds alternate on one kept-alive connection
        List<String> answers = new ArrayList<>();
        onOneConnection("stall", client -> {
            for (int i = 0; i < CONNECTIONS * REQUESTS_PER_CONNECTION / 2; i++) {
                answers.add(get(client, "/upstream"));
                answers.add(get(client, "/rejected"));
            }
        });

        // then: each request was answered in turn on that one connection, none left waiting for a read
        int requests = CONNECTIONS * REQUESTS_PER_CONNECTION;
        assertThat(answers).hasSize(requests).startsWith("r1").endsWith("r" + requests);
        assertThat(Set.copyOf(channels)).hasSize(1);
    }

    @Test
    void aKeptAliveConnectionWithNoRequestForTheIdleTimeoutIsClosedByTheEdge() throws IOException {
        // given: an edge that closes connections idle for 300 ms
        start((request, response) -> answer(response, false), Duration.ofMillis(300));

        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: one request on a kept-alive connection is answered, and the partner sends nothing more
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(US_ASCII));

            // then: the edge closes the connection (reading to its end would time out otherwise)
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nr1");
        }
    }

    @Test
    void aPipelinedRequestAnsweredAtOnceStillLetsTheIdleTimeoutCloseTheConnection() throws IOException {
        // given: an edge answering /upstream from another thread and anything else at once, closing idle connections
        start((request, response) -> answer(response, request.getPath().value().equals("/upstream")),
                Duration.ofMillis(300));

        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: the second request is pipelined behind the first, so Reactor Netty buffers it, and the
            // connection then stays idle
            socket.getOutputStream().write(("GET /upstream HTTP/1.1\r\nHost: edge\r\n\r\n"
                    + "GET /rejected HTTP/1.1\r\nHost: edge\r\n\r\n").getBytes(US_ASCII));

            // then: both are answered in order, and the idle connection is closed although Reactor Netty itself
            // asked for no read after the second answer
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 200").contains("\r\n\r\nr1HTTP/1.1 200")
                    .endsWith("\r\n\r\nr2");
        }
    }

    @Test
    void aHeaderLeftIncompleteIsAnswered408WithinTheHeaderDeadlineLongBeforeTheIdleTimeout() throws IOException {
        // given: an edge giving header blocks 300 ms and idle connections a minute
        start((request, response) -> answer(response, false), Duration.ofSeconds(60), Duration.ofMillis(300));

        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: a partner starts a header block and stops
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: ed".getBytes(US_ASCII));

            // then: a 408 problem, and the connection closed (reading to its end would time out otherwise)
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    .contains("content-type: application/problem+json\r\n", "\"code\":\"request-timeout\"");
            assertThat(served).hasValue(0);
        }
    }

    private void start(HttpHandler handler) {
        start(handler, Duration.ofSeconds(60));
    }

    private void start(HttpHandler handler, Duration idleTimeout) {
        start(handler, idleTimeout, Duration.ofSeconds(10));
    }

    private void start(HttpHandler handler, Duration idleTimeout, Duration requestHeaderTimeout) {
        edge = new EdgeListeners(
                new ListenerProperties(
                        new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8), idleTimeout,
                                requestHeaderTimeout, Duration.ofSeconds(30), true, 100, true, Duration.ofSeconds(20)), 0,
                        List.of("/admin/"),
                        new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                () -> handler, new StaticListableBeanFactory().getBeanProvider(EdgeTlsMaterial.class),
                new StaticListableBeanFactory().getBeanProvider(RegisteredClientCas.class),
                new StaticListableBeanFactory().getBeanProvider(ListenerRefusalLog.class), Clock.systemUTC());
        edge.start();
    }

    /** One complete message numbered in order of arrival; its body made on another thread or at once. */
    private Mono<Void> answer(ServerHttpResponse response, boolean fromAnotherThread) {
        byte[] body = ("r" + served.incrementAndGet()).getBytes(US_ASCII);
        response.getHeaders().setContentLength(body.length);
        Mono<DataBuffer> content = Mono.fromCallable(() -> response.bufferFactory().wrap(body));
        return response.writeWith(fromAnotherThread ? content.subscribeOn(bodyThread) : content);
    }

    private void onOneConnection(String name, Consumer<HttpClient> requests) {
        ConnectionProvider oneConnection = ConnectionProvider.create("keep-alive-test-" + name, 1);
        try {
            requests.accept(HttpClient.create(oneConnection).baseUrl("http://127.0.0.1:" + edge.httpPort()));
        } finally {
            oneConnection.disposeLater().block(PATIENCE);
        }
    }

    private static String get(HttpClient client, String path) {
        return client.get().uri(path).responseContent().aggregate().asString().block(PATIENCE);
    }

    /** The connection a request's operations were made on; Reactor Netty keeps it in a package-private field. */
    private static Connection parentOf(Connection operations) {
        try {
            return (Connection) PARENT.get(operations);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field parentField() {
        try {
            Field connection = ChannelOperations.class.getDeclaredField("connection");
            connection.setAccessible(true);
            return connection;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Reactor Netty's ChannelOperations changed shape", e);
        }
    }
}
