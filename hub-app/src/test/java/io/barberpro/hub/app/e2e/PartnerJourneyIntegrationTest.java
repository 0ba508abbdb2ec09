package io.barberpro.hub.app.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import io.barberpro.hub.app.HubApplication;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * A partner's whole first day, across every module on real HTTP, real PostgreSQL and the real
 * sandbox: onboarded in one admin call, it calls the booking platform through the gateway with its
 * API key, an OAuth2 token and its client certificate, books a haircut, and receives a signed
 * {@code booking.created} webhook that an independent Standard Webhooks verifier accepts.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("app-it")
class PartnerJourneyIntegrationTest {

    static final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    static final int sandboxPort = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.sandbox.port", () -> sandboxPort);
    }

    @BeforeAll
    static void startReceiver() {
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hooks/barberpro")).willReturn(aResponse().withStatus(204)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @LocalServerPort
    int adminPort;

    @Value("${hub.admin.token}")
    String adminToken;

    @Autowired
    EdgeListeners edge;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onboardedPartnerBooksThroughTheGatewayAndGetsASignedWebhook() throws Exception {
        // given a partner onboarded in one call, with a webhook endpoint
        JsonNode onboarded = onboard("palermo-" + System.nanoTime() % 1_000_000,
                receiver.baseUrl() + "/hooks/barberpro");
        String apiKey = onboarded.path("apiKey").path("key").asText();
        String partnerId = onboarded.path("partnerId").asText();

        // when it lists barbershops with its API key through the gateway
        JsonNode providers = edgeGet("/api/v1/providers?size=2", Map.of("X-API-Key", apiKey));
        String providerId = providers.path("items").path(0).path("id").asText();
        String serviceId = providers.path("items").path(0).path("services").path(0).path("id").asText();
        assertThat(providerId).isNotBlank();

        // and books the first free slot from tomorrow on (shops close on some days) with an OAuth2 token from the hub
        String token = clientCredentialsToken(onboarded.path("oauthClient"));
        LocalDate tomorrow = LocalDate.now(ZoneId.of("America/Argentina/Buenos_Aires")).plusDays(1);
        String start = "";
        for (LocalDate day = tomorrow; start.isEmpty() && day.isBefore(tomorrow.plusWeeks(1)); day = day.plusDays(1)) {
            JsonNode slots = edgeGet("/api/v1/providers/" + providerId + "/availability?date=" + day
                    + "&serviceId=" + serviceId, Map.of("Authorization", "Bearer " + token));
            start = slots.path("slots").path(0).path("start").asText();
        }
        assertThat(start).as("a free slot within a week").isNotEmpty();
        String booking = """
                {"providerId":"%s","serviceId":"%s","start":"%s",
                 "customer":{"name":"Lucía Fernández","email":"lucia@example.com"},"partnerReference":"ord-1"}
                """.formatted(providerId, serviceId, start);
        var created = edgeHttp().headers(h -> h.add("Authorization", "Bearer " + token).add("Content-Type", "application/json"))
                .post().uri("/api/v1/bookings").send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(booking)))
                .responseSingle((response, body) -> body.asString().map(b -> Map.entry(response.status().code(), b)))
                .block(Duration.ofSeconds(20));

        // then the booking is confirmed
        assertThat(created.getKey()).as(created.getValue()).isEqualTo(201);
        JsonNode bookingBody = json.readTree(created.getValue());
        assertThat(bookingBody.path("status").asText()).isEqualTo("CONFIRMED");

        // and with its client certificate alone (mTLS) it reads the booking back
        JsonNode viaMtls = mtlsGet(onboarded, "/api/v1/bookings/" + bookingBody.path("id").asText());
        assertThat(viaMtls.path("partnerReference").asText()).isEqualTo("ord-1");

        // and its webhook receives booking.created, signed so that the Standard Webhooks library verifies it
        LoggedRequest delivery = awaitDelivery(() -> receiver.findAll(postRequestedFor(urlEqualTo("/hooks/barberpro"))).stream()
                .filter(r -> r.getBodyAsString().contains("booking.created"))
                .findFirst().orElse(null));
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(delivery.getHeader("webhook-id")),
                "webhook-timestamp", List.of(delivery.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(delivery.getHeader("webhook-signature")));
        new Webhook(onboarded.path("webhook").path("signingSecret").asText()).verify(delivery.getBodyAsString(), headers);
        JsonNode event = json.readTree(delivery.getBodyAsString());
        assertThat(event.path("type").asText()).isEqualTo("booking.created");
        assertThat(event.toString()).contains(bookingBody.path("id").asText());
        assertThat(delivery.getHeader("webhook-signature")).doesNotContain(apiKey);

        // and it manages its own webhook endpoints through the gateway, where a forged identity gets nowhere
        JsonNode endpoints = edgeGet("/api/v1/webhooks/endpoints", Map.of("X-API-Key", apiKey));
        assertThat(endpoints.toString()).contains(onboarded.path("webhook").path("endpointId").asText());
        int forged = edgeHttp().headers(h -> h.add("X-Partner-Id", partnerId))
                .get().uri("/internal/partner-api/v1/webhooks/endpoints")
                .responseSingle((r, body) -> reactor.core.publisher.Mono.just(r.status().code()))
                .block(Duration.ofSeconds(20));
        assertThat(forged).isIn(401, 404);
    }

    private JsonNode onboard(String slug, String webhookUrl) throws Exception {
        byte[] body = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + adminPort)
                .responseTimeout(Duration.ofSeconds(20)).build()
                .post().uri("/admin/v1/onboarding")
                .header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slug", slug, "legalName", "Peluquería Palermo S.R.L.", "country", "AR",
                        "contactEmail", "it@palermo.example", "webhookUrl", webhookUrl))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }

    private HttpClient edgeHttp() {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + edge.httpPort()).responseTimeout(Duration.ofSeconds(15));
    }

    private JsonNode edgeGet(String path, Map<String, String> headers) throws Exception {
        var response = edgeHttp().headers(h -> headers.forEach(h::add)).get().uri(path)
                .responseSingle((r, body) -> body.asString().map(b -> Map.entry(r.status().code(), b)))
                .block(Duration.ofSeconds(20));
        assertThat(response.getKey()).as(response.getValue()).isEqualTo(200);
        return json.readTree(response.getValue());
    }

    private String clientCredentialsToken(JsonNode client) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client.path("clientId").asText() + ":"
                + client.path("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
        var response = edgeHttp().headers(h -> h.add("Authorization", "Basic " + basic)
                        .add("Content-Type", "application/x-www-form-urlencoded"))
                .post().uri("/oauth2/token")
                .send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just("grant_type=client_credentials")))
                .responseSingle((r, body) -> body.asString().map(b -> Map.entry(r.status().code(), b)))
                .block(Duration.ofSeconds(20));
        assertThat(response.getKey()).as(response.getValue()).isEqualTo(200);
        return json.readTree(response.getValue()).path("access_token").asText();
    }

    private JsonNode mtlsGet(JsonNode onboarded, String path) throws Exception {
        JsonNode certificate = onboarded.path("clientCertificate");
        char[] password = certificate.path("pkcs12Password").asText().toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(new ByteArrayInputStream(Base64.getDecoder().decode(certificate.path("pkcs12Base64").asText())), password);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(onboarded.path("caCertificatePem").asText().getBytes(StandardCharsets.US_ASCII)));
        SslContext ssl = SslContextBuilder.forClient().keyManager(keyManagers).trustManager(ca).build();
        var response = HttpClient.create().secure(spec -> spec.sslContext(ssl))
                .baseUrl("https://localhost:" + edge.httpsPort()).responseTimeout(Duration.ofSeconds(15))
                .get().uri(path)
                .responseSingle((r, body) -> body.asString().map(b -> Map.entry(r.status().code(), b)))
                .block(Duration.ofSeconds(20));
        assertThat(response.getKey()).as(response.getValue()).isEqualTo(200);
        return json.readTree(response.getValue());
    }

    private static <T> T awaitDelivery(Supplier<T> probe) {
        return Awaitility.await("webhook delivery").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(probe::get, java.util.Objects::nonNull);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
