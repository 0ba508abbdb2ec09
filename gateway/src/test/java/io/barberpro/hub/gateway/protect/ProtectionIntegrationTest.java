package io.barberpro.hub.gateway.protect;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.netty.handler.codec.http.HttpMethod;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ProtectionIntegrationTest extends EdgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @org.springframework.beans.factory.annotation.Autowired
    io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry circuitBreakers;

    @org.springframework.beans.factory.annotation.Autowired
    List<org.springframework.cloud.gateway.filter.GlobalFilter> globalFilters;

    @Test
    void theHubsRoutingFilterIsTheOnlyOneThatProxies() {
        assertThat(globalFilters).filteredOn(f -> f instanceof org.springframework.cloud.gateway.filter.NettyRoutingFilter)
                .singleElement().isInstanceOf(UpstreamRoutingFilter.class);
    }

    @Test
    void bufferedAndStreamedResponsesReachThePartnerWholeOverOneKeptAliveConnection() throws Exception {
        String key = registry.apiKey(registry.partner("reader"));
        // over hub.gateway.response-buffer-size (64KB): streamed; the small one is buffered
        String large = "{\"items\":\"" + "b".repeat(64 * 1024) + "\"}";
        UPSTREAM.stubFor(WireMock.get(urlEqualTo("/api/v1/large")).willReturn(WireMock.okJson(large)));
        EdgeClient client = https();

        for (int i = 0; i < 3; i++) {
            Response small = client.get("/api/v1/bookings/b-1", h -> h.set("X-API-Key", key));
            Response big = client.get("/api/v1/large", h -> h.set("X-API-Key", key));

            assertThat(small.status()).isEqualTo(200);
            assertThat(small.body()).isEqualTo("{\"ok\":true}");
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.body()).isEqualTo(large);
        }
    }

    @Test
    void refusesAChunkedBodyOverTheRouteLimitBeforeTheUpstreamSeesIt() throws Exception {
        String key = registry.apiKey(registry.partner("chunky"));
        String chunk = "x".repeat(400);

        Response response = https().send(HttpMethod.POST, "/api/small/bookings", h -> h.set("X-API-Key", key)
                .set("Content-Type", "text/plain"), EdgeClient.chunks(chunk, chunk, chunk));

        assertThat(response.status()).isEqualTo(413);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("payload-too-large");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void forwardsAChunkedBodyWithinTheLimitWhole() {
        String key = registry.apiKey(registry.partner("chunks-ok"));

        Response response = https().send(HttpMethod.POST, "/api/small/bookings", h -> h.set("X-API-Key", key)
                .set("Content-Type", "text/plain"), EdgeClient.chunks("abc", "def", "ghi"));

        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/api/small/bookings"))
                .withRequestBody(equalTo("abcdefghi"))
                .withHeader("Content-Length", equalTo("9")));
    }

    @Test
    void refusesADeclaredContentLengthOverTheLimit() {
        String key = registry.apiKey(registry.partner("declared"));

        Response response = https().send(HttpMethod.POST, "/api/small/bookings", h -> h.set("X-API-Key", key)
                .set("Content-Type", "text/plain").set("Content-Length", 2000),
                EdgeClient.chunks("y".repeat(2000)));

        assertThat(response.status()).isEqualTo(413);
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyThatStallsGets408ProblemWithinTheBodyReadTimeoutAndNeverReachesTheUpstreamWhole() throws Exception {
        // given: a partner that announces 100 bytes of body (body-read-timeout is 1s in these tests)
        String key = registry.apiKey(registry.partner("stalling-body"));
        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout(10_000);

            // when: it sends the header block and 10 bytes, then nothing more
            socket.getOutputStream().write(("POST /api/v1/bookings HTTP/1.1\r\nHost: edge\r\nX-API-Key: " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"start\":").getBytes(US_ASCII));

            // then: a 408 request-timeout problem, and the connection closed (reading to its end would time out)
            String answer = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("connection: close\r\n")
                    .containsIgnoringCase("content-type: application/problem+json");
            assertThat(json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("code").asText())
                    .isEqualTo("request-timeout");
        }
        UPSTREAM.verify(0, postRequestedFor(urlEqualTo("/api/v1/bookings")));
    }

    @Test
    void answersHeadersOverTheConfiguredEdgeLimitWith431() throws Exception {
        String key = registry.apiKey(registry.partner("big-header"));

        Response response = https().get("/api/v1/providers", h -> h.set("X-API-Key", key)
                .set("X-Filler", "z".repeat(7_000)));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.headers().get("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("headers-too-large");
        assertThat(response.headers().get("X-Request-Id")).isNotBlank()
                .isEqualTo(json.readTree(response.body()).path("requestId").asText());
        assertThat(response.headers().get("Connection")).isEqualToIgnoringCase("close");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void answersASlowUpstreamWith504ProblemWithinTheRouteTimeout() throws Exception {
        String key = registry.apiKey(registry.partner("patient"));
        UPSTREAM.stubFor(WireMock.get(urlEqualTo("/api/slow/report")).willReturn(WireMock.ok().withFixedDelay(3000)));

        long start = System.nanoTime();
        Response response = https().get("/api/slow/report", h -> h.set("X-API-Key", key));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.headers().get("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("upstream-timeout");
        assertThat(millis).isLessThan(2000);
    }

    @Test
    void aBufferedResponseWhoseBodyTheUpstreamStallsOnGets504ProblemNotACutOffBody() throws Exception {
        String key = registry.apiKey(registry.partner("stalled"));

        // the upstream sends its headers and the start of a 100-byte body, then nothing for longer than the
        // route's 400 ms read time-out
        Response response = https().get("/api/stalling/report", h -> h.set("X-API-Key", key));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.headers().get("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("upstream-timeout");
    }

    @Test
    void aProblemAnsweredAfterTheUpstreamsHeadersArrivedCarriesNoneOfThemButKeepsTheHubsOwn() throws Exception {
        // given an upstream that sends cacheable headers (max-age, ETag) and then stalls on its body
        String key = registry.apiKey(registry.partner("stalled-headers"));

        Response response = https().get("/api/stalling/report", h -> h.set("X-API-Key", key));

        // then the 504 problem is not made cacheable, nor given a validator, by headers about another representation
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.headers().get("Cache-Control")).isNull();
        assertThat(response.headers().get("ETag")).isNull();
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(response.headers().get("Content-Length"))).isEqualTo(response.body().length());
        assertThat(response.headers().get("RateLimit")).startsWith("\"hourly\";r=");
        assertThat(response.headers().get("X-Request-Id"))
                .isEqualTo(json.readTree(response.body()).path("requestId").asText());
    }

    @Test
    void opensTheUpstreamsCircuitAfterRepeatedFailuresAndKeepsAnswering503Problems() throws Exception {
        String key = registry.apiKey(registry.partner("breaker"));

        for (int i = 0; i < 6; i++) {
            Response response = https().get("/api/down/again", h -> h.set("X-API-Key", key));
            assertThat(response.status()).isEqualTo(503);
            assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("upstream-unavailable");
        }

        assertThat(circuitBreakers.circuitBreaker("test-unreachable").getState())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    }

    @Test
    void aCircuitBreakerRouteProxiesManyConcurrentRequestsWithoutACallCap() {
        // Spring Cloud CircuitBreaker's default Resilience4j bulkhead would refuse all but 25 of these; the
        // hub's UpstreamCircuitBreaker has none, and neither must a bulkhead a deployment might add.
        String key = registry.apiKey(registry.partner("crowd"));
        UPSTREAM.stubFor(WireMock.get(urlEqualTo("/api/v1/crowded")).willReturn(WireMock.ok("{}").withFixedDelay(300)));

        EdgeClient client = EdgeClient.httpUnpooled(edge.httpPort());

        List<Integer> statuses = Flux.range(0, 40)
                .flatMap(i -> Mono.fromCallable(() -> client.get("/api/v1/crowded", h -> h.set("X-API-Key", key)).status())
                        .subscribeOn(Schedulers.boundedElastic()), 40)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(statuses).hasSize(40).containsOnly(200);
    }

    @Test
    void answersAnUnreachableUpstreamWith503Problem() throws Exception {
        String key = registry.apiKey(registry.partner("lonely"));

        Response response = https().get("/api/down/anything", h -> h.set("X-API-Key", key));

        assertThat(response.status()).isEqualTo(503);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("upstream-unavailable");
    }
}
