package io.barberpro.hub.core.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIdAndDateWebFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * A partner edge on a free plain-HTTP port with the filters it has in the hub in front of a handler that
 * records being reached and then reads the request body, as the gateway does, before it answers. Spoken to with
 * raw bytes, so a request is exactly what the test says it is.
 */
final class RawHttpEdge implements AutoCloseable {

    static final int HEADER_LIMIT = 8 * 1024;
    /** Over Netty's default of 4 KB, which the edge's decoder no longer applies. */
    static final int LINE_LIMIT = 6 * 1024;

    static final ListenerProperties PROPERTIES = new ListenerProperties(
            new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofBytes(HEADER_LIMIT), DataSize.ofBytes(LINE_LIMIT),
                    Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, true,
                    Duration.ofSeconds(20)), 0,
            List.of("/admin/", "/actuator"),
            new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30)));

    /** The application's clock: every answer, the listener's own problems included, is dated by it. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    static final String CLOCK_DATE = "Wed, 04 Mar 2026 05:06:07 GMT";

    private final AtomicBoolean reached = new AtomicBoolean();
    private final List<ListenerRefusal> refusals = new CopyOnWriteArrayList<>();
    private final EdgeListeners edge;

    private RawHttpEdge() {
        AtomicReference<EdgeListeners> self = new AtomicReference<>();
        self.set(new EdgeListeners(PROPERTIES, () -> WebHttpHandlerBuilder
                .webHandler(exchange -> Mono.fromRunnable(() -> reached.set(true))
                        .then(exchange.getRequest().getBody().then()))
                .filter(new RequestIdAndDateWebFilter(CLOCK), filter(self.get()))
                .build(), none(), none(), only((ListenerRefusalLog) refusals::add), CLOCK));
        edge = self.get();
    }

    static RawHttpEdge started() {
        RawHttpEdge started = new RawHttpEdge();
        started.edge.start();
        return started;
    }

    static ListenerRoleWebFilter filter(EdgeListeners edge) {
        return new ListenerRoleWebFilter(PROPERTIES, edge, new ProblemWriter(new ObjectMapper()));
    }

    EdgeListeners listeners() {
        return edge;
    }

    /** The requests the listener refused below the web handler, as it reported them. */
    List<ListenerRefusal> refusals() {
        return refusals;
    }

    /** Whether a request got past the filters to the handler. */
    boolean reached() {
        return reached.get();
    }

    /** A GET of {@code path} with Host, {@code Connection: close} and {@code extraHeaders}; the whole response. */
    String get(String path, String extraHeaders) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost:edge\r\nConnection:close\r\n" + extraHeaders + "\r\n");
    }

    /** {@code request} as it is, byte for byte, in one write; everything the edge answers until it closes. */
    String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        edge.stop();
    }

    private static <T> ObjectProvider<T> none() {
        return only(null);
    }

    private static <T> ObjectProvider<T> only(T bean) {
        return new ObjectProvider<>() {
            @Override
            public T getObject(Object... args) {
                return bean;
            }

            @Override
            public T getIfAvailable() {
                return bean;
            }

            @Override
            public T getIfUnique() {
                return bean;
            }

            @Override
            public T getObject() {
                return bean;
            }
        };
    }
}
