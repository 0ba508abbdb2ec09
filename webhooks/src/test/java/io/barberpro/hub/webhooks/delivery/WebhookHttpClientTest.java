package io.barberpro.hub.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookHttpClientTest {

    private static WireMockServer receiver;

    @BeforeAll
    static void start() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));
        receiver.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        receiver.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    }

    @AfterAll
    static void stop() {
        receiver.stop();
    }

    @Test
    void refusesAtConnectTimeAHostNameThatResolvesToALoopbackAddress() {
        // given: localhost passes the pre-attempt check (it is a name), but its address is loopback
        try (WebhookHttpClient client = client(new OutboundUrlPolicy(true, List.of()), Duration.ofSeconds(2))) {
            // when
            WebhookHttpClient.Response response = client.send(request("http://localhost:" + receiver.port() + "/hook")).block();

            // then
            assertThat(response.status()).isZero();
            assertThat(response.error()).startsWith("refused:").contains("loopback");
            assertThat(receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlEqualTo("/hook")))).isEmpty();
        }
    }

    @Test
    void keepsOnlyTheFirstKibOfTheResponse() {
        try (WebhookHttpClient client = client(allowLoopback(), Duration.ofSeconds(2))) {
            WebhookHttpClient.Response response = client.send(request("http://localhost:" + receiver.port() + "/hook")).block();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyHead()).hasSize(WebhookHttpClient.LOGGED_BODY_BYTES);
        }
    }

    @Test
    void readsRetryAfterOnTooManyRequests() {
        try (WebhookHttpClient client = client(allowLoopback(), Duration.ofSeconds(2))) {
            WebhookHttpClient.Response response = client.send(request("http://127.0.0.1:" + receiver.port() + "/busy")).block();

            assertThat(response.status()).isEqualTo(429);
            assertThat(response.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        }
    }

    @Test
    void givesUpWhenTheReceiverDoesNotAnswerWithinTheReadTimeout() {
        try (WebhookHttpClient client = client(allowLoopback(), Duration.ofMillis(300))) {
            WebhookHttpClient.Response response = client.send(request("http://127.0.0.1:" + receiver.port() + "/slow")).block();

            assertThat(response.status()).isZero();
            assertThat(response.error()).isNotBlank();
            assertThat(response.latencyMillis()).isLessThan(2500);
        }
    }

    private static OutboundUrlPolicy allowLoopback() {
        return new OutboundUrlPolicy(true, List.of("127.0.0.0/8", "::1/128"));
    }

    private static WebhookHttpClient client(OutboundUrlPolicy policy, Duration readTimeout) {
        return new WebhookHttpClient(policy, Clock.systemUTC(), Duration.ofSeconds(1), readTimeout);
    }

    private static WebhookHttpClient.Request request(String url) {
        return new WebhookHttpClient.Request(URI.create(url), "evt_1", 1_700_000_000L, "{}", "v1,x", Map.of());
    }
}
