package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;
import reactor.netty.ReactorNetty;

class EventLoopThreadsTest {

    private final EventLoopThreads eventLoopThreads = new EventLoopThreads();
    private String propertyBefore;

    @BeforeEach
    void clearTheReactorNettyProperty() {
        propertyBefore = System.clearProperty(ReactorNetty.IO_WORKER_COUNT);
    }

    @AfterEach
    void restoreTheReactorNettyProperty() {
        if (propertyBefore == null) {
            System.clearProperty(ReactorNetty.IO_WORKER_COUNT);
        } else {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT, propertyBefore);
        }
    }

    @Test
    void byDefaultThereIsOneEventLoopPerAvailableProcessor() {
        eventLoopThreads.postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aConfiguredCountIsWhatReactorNettyIsGiven() {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.listeners.io-threads", "3");

        eventLoopThreads.postProcessEnvironment(environment, new SpringApplication());

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("3");
    }

    @Test
    void anExplicitReactorNettySystemPropertyWins() {
        System.setProperty(ReactorNetty.IO_WORKER_COUNT, "5");
        MockEnvironment environment = new MockEnvironment().withProperty("hub.listeners.io-threads", "3");

        eventLoopThreads.postProcessEnvironment(environment, new SpringApplication());

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("5");
    }
}
