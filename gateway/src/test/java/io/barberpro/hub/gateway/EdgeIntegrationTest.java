package io.barberpro.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.gateway.support.BlockHoundSupport;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.InMemoryCredentialLookup;
import io.barberpro.hub.gateway.support.MutableClock;
import io.barberpro.hub.gateway.support.StallingUpstream;
import io.barberpro.hub.gateway.support.TestHubTokenKeys;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.lookup.IndexedRegisteredClientCas;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for the edge tests: the gateway on real HTTPS and HTTP edge listeners, a
 * WireMock upstream, the registry interfaces backed by maps, a test CA, hub token keys and a hand-driven
 * clock. BlockHound is on for the whole JVM; every test fails if a blocking call hit an event loop.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EdgeIntegrationTest.TestRegistry.class)
@AutoConfigureObservability(tracing = false)
public abstract class EdgeIntegrationTest {

    protected static final WireMockServer UPSTREAM = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .containerThreads(20));
    protected static final StallingUpstream STALLING_UPSTREAM = new StallingUpstream();

    static {
        BlockHoundSupport.install();
        UPSTREAM.start();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestRegistry {

        @Bean
        InMemoryCredentialLookup credentialLookup() {
            return new InMemoryCredentialLookup();
        }

        /** The registry's own, over the map-backed lookup: the edge names the partner CAs registered there. */
        @Bean
        IndexedRegisteredClientCas registeredClientCas(InMemoryCredentialLookup credentialLookup) {
            return new IndexedRegisteredClientCas(credentialLookup);
        }

        @Bean
        TestPki edgeTlsMaterial() {
            return new TestPki("Hub Test");
        }

        @Bean
        TestHubTokenKeys hubTokenKeys() {
            return new TestHubTokenKeys();
        }

        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        }
    }

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("hub.test.upstream", UPSTREAM::baseUrl);
        registry.add("hub.test.stalling-upstream", STALLING_UPSTREAM::baseUrl);
    }

    @Autowired
    protected EdgeListeners edge;
    @Autowired
    protected InMemoryCredentialLookup registry;
    @Autowired
    protected TestPki pki;
    @Autowired
    protected TestHubTokenKeys hubKeys;
    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void resetUpstream() {
        UPSTREAM.resetAll();
        UPSTREAM.stubFor(WireMock.any(WireMock.urlPathMatching("/api/.*"))
                .willReturn(WireMock.okJson("{\"ok\":true}")));
        BlockHoundSupport.drain();
    }

    @AfterEach
    void noBlockingCalls() {
        assertThat(BlockHoundSupport.drain()).as("blocking calls on non-blocking threads").isEmpty();
    }

    protected EdgeClient https() {
        return EdgeClient.https(edge.httpsPort(), pki, null);
    }

    protected EdgeClient https(TestPki.Issued clientCertificate) {
        return EdgeClient.https(edge.httpsPort(), pki, clientCertificate);
    }

    protected EdgeClient http() {
        return EdgeClient.http(edge.httpPort());
    }
}
