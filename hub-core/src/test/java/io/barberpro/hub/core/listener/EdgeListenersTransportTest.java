package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

/**
 * The edge serves partners over the native transport where the kernel offers it. Reactor Netty picks it from what
 * is on the classpath and what the kernel permits, with no error when the native transport is missing, so a dropped
 * dependency or a native library that no longer loads would only show in the bench, as more CPU per request
 * (hub-core's pom has the figures). These tests make it fail where the kernel offers io_uring, or epoll only.
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
        // given: a kernel with io_uring
        assumeTrue(IoUring.isAvailable(), () -> "io_uring is not offered here: " + IoUring.unavailabilityCause());

        // when: a request reaches the edge
        String channelType = channelTypeServingARequest();

        // then
        assertThat(channelType).isEqualTo(IoUringSocketChannel.class.getName());
    }

    @Test
    void whereTheKernelOffersEpollButNotIoUringTheEdgeServesItsConnectionsOverEpoll() {
        // given: a kernel with epoll and no io_uring (a seccomp profile that refuses it, or a kernel before 5.9)
        assumeFalse(IoUring.isAvailable(), "io_uring is offered here");
        assumeTrue(Epoll.isAvailable(), () -> "epoll is not offered here: " + Epoll.unavailabilityCause());

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
        // the raw-socket harness's listener settings: nothing here depends on them
        edge = new EdgeListeners(RawHttpEdge.PROPERTIES, () -> answersWithItsChannelType,
                new StaticListableBeanFactory().getBeanProvider(EdgeTlsMaterial.class),
                new StaticListableBeanFactory().getBeanProvider(RegisteredClientCas.class),
                new StaticListableBeanFactory().getBeanProvider(ListenerRefusalLog.class), Clock.systemUTC());
        edge.start();
        return HttpClient.create().get().uri("http://127.0.0.1:" + edge.httpPort() + "/")
                .responseContent().aggregate().asString().block(PATIENCE);
    }
}
