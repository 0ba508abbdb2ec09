package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The edge's Reactor Netty must give each request on a kept-alive connection operations of their own. Reactor
 * Netty 1.2.11 could make a request's operations the child of the previous request's, still terminating, when
 * that response had been written in one piece from another thread, as the gateway writes a buffered upstream
 * response from the upstream connection's event loop (reactor-netty#4188). On a busy partner connection the
 * chain grew hundreds of links long and every request walked it. This test keeps the version floor the parent
 * pom sets: with 1.2.11, 31 to 114 of its 240 requests were chained in five runs.
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
        HttpHandler handler = (request, response) -> {
            Connection operations = (Connection) ((AbstractServerHttpRequest) request).getNativeRequest();
            parents.add(parentOf(operations));
            channels.add(operations.channel().id());
            byte[] body = ("r" + served.incrementAndGet()).getBytes(US_ASCII);
            response.getHeaders().setContentLength(body.length);
            return response.writeWith(Mono.fromCallable(() -> response.bufferFactory().wrap(body))
                    .subscribeOn(bodyThread));
        };
        edge = new EdgeListeners(
                new ListenerProperties(new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofKilobytes(8)),
                        List.of("/admin/")),
                () -> handler, new StaticListableBeanFactory().getBeanProvider(EdgeTlsMaterial.class));
        edge.start();

        // when: requests one after the other on a kept-alive connection, on several connections in turn (which
        // event loops a client and its server connection share decides how the writes interleave)
        List<String> answers = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            ConnectionProvider oneConnection = ConnectionProvider.create("keep-alive-test-" + c, 1);
            try {
                HttpClient client = HttpClient.create(oneConnection).baseUrl("http://127.0.0.1:" + edge.httpPort());
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    answers.add(client.get().uri("/").responseContent().aggregate().asString().block(PATIENCE));
                }
            } finally {
                oneConnection.disposeLater().block(PATIENCE);
            }
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
