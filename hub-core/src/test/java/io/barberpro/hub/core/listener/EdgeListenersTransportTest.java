package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.incubator.channel.uring.IOUring;
import io.netty.incubator.channel.uring.IOUringSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

/**
 * The edge serves partners over the cheapest transport the kernel offers. Reactor Netty picks it from what is on
 * the classpath and what the kernel permits, with no error when a native transport is missing, so a dropped
 * dependency or a native library that no longer loads would only show in the bench, as about 1.45x the CPU per
 * request (hub-core's pom has the figures). These tests make it fail where the kernel offers the transport.
 */
class EdgeListenersTransportTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private EdgeListeners edge;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.stop();
        }
    }

    @Test
    void whereTheKernelOffersIoUringTheEdgeServesItsConnectionsOverIt() {
        // given: a kernel that offers io_uring
        assumeTrue(IOUring.isAvailable(), () -> "io_uring is not offered here: " + IOUring.unavailabilityCause());

        // when: a request reaches the edge
        String channelType = channelTypeServingARequest();

        // then
        assertThat(channelType).isEqualTo(IOUringSocketChannel.class.getName());
    }

    @Test
    void whereTheKernelOffersEpollButNotIoUringTheEdgeServesItsConnectionsOverEpoll() {
        // given: a kernel with epoll that does not offer io_uring (Linux before 5.9, io_uring switched off by sysctl
        // or by a container's seccomp profile)
        assumeTrue(Epoll.isAvailable() && !IOUring.isAvailable(), "this kernel offers io_uring, or no epoll");

        // when: a request reaches the edge
        String channelType = channelTypeServingARequest();

        // then
        assertThat(channelType).isEqualTo(EpollSocketChannel.class.getName());
    }

    private String channelTypeServingARequest() {
        HttpHandler answersWithItsChannelType = (request, response) -> {
            Connection connection = (Connection) ((AbstractServerHttpRequest) request).getNativeRequest();
            byte[] body = connection.channel().getClass().getName().getBytes(StandardCharsets.US_ASCII);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        };
        edge = new EdgeListeners(
                new ListenerProperties(
                        new ListenerProperties.Edge("127.0.0.1", -1, 0, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8),
                                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, true,
                                Duration.ofSeconds(20)), 0,
                        List.of("/admin/"),
                        new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                () -> answersWithItsChannelType, new StaticListableBeanFactory().getBeanProvider(EdgeTlsMaterial.class),
                new StaticListableBeanFactory().getBeanProvider(RegisteredClientCas.class),
                new StaticListableBeanFactory().getBeanProvider(ListenerRefusalLog.class));
        edge.start();
        return HttpClient.create().get().uri("http://127.0.0.1:" + edge.httpPort() + "/")
                .responseContent().aggregate().asString().block(PATIENCE);
    }
}
