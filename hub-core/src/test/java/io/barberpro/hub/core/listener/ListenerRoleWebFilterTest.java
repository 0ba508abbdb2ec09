package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.web.ProblemWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class ListenerRoleWebFilterTest {

    private final ListenerProperties properties = new ListenerProperties(
            new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofKilobytes(8)), List.of("/admin/", "/actuator"));

    @Test
    void adminPathsAreNotFoundOnThePartnerEdge() {
        EdgeListeners edge = startedEdge();
        try {
            AtomicBoolean reached = new AtomicBoolean();
            MockServerWebExchange exchange = exchangeOn("/admin/v1/partners", edge.httpPort());

            filter(edge).filter(exchange, e -> Mono.fromRunnable(() -> reached.set(true))).block();

            assertThat(reached).isFalse();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            edge.stop();
        }
    }

    @Test
    void partnerPathsAreNotFoundOnTheAdminListenerAndAdminPathsPass() {
        EdgeListeners edge = startedEdge();
        try {
            AtomicBoolean reached = new AtomicBoolean();
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

    private ListenerRoleWebFilter filter(EdgeListeners edge) {
        return new ListenerRoleWebFilter(properties, edge, new ProblemWriter(new ObjectMapper()));
    }

    private EdgeListeners startedEdge() {
        EdgeListeners edge = new EdgeListeners(properties, () -> (request, response) -> response.setComplete(), provider(null));
        edge.start();
        return edge;
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
