package io.barberpro.hub.webhooks.endpoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class WebhookApiIntegrationTest extends WebhooksIntegrationTestBase {

    @LocalServerPort
    int adminPort;
    @Autowired
    EdgeListeners edge;

    WebTestClient admin;
    WebTestClient partnerEdge;
    UUID partner;
    String base;

    @BeforeEach
    void clients() {
        admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + adminPort).responseTimeout(Duration.ofSeconds(20)).build();
        partnerEdge = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + edge.httpPort()).responseTimeout(Duration.ofSeconds(20)).build();
        partner = UUID.randomUUID();
        base = "/admin/v1/partners/" + partner + "/webhooks";
        receiver.stubFor(post(urlEqualTo("/api-hook")).willReturn(aResponse().withStatus(200).withBody("gracias")));
    }

    @Test
    void createsListsUpdatesAndDeletesAnEndpoint() {
        // when
        JsonNode created = create(Map.of("url", receiverUrl("/api-hook"), "eventTypes", new String[] {"booking.created"},
                "rateLimitPerSecond", 50, "headers", Map.of("X-Shop", "palermo")));

        // then
        String id = created.at("/endpoint/id").asText();
        assertThat(created.at("/secret").asText()).startsWith("whsec_");
        assertThat(created.at("/endpoint/rateLimitPerSecond").asInt()).isEqualTo(50);
        assertThat(created.at("/endpoint/secrets/0/prefix").asText()).doesNotContain(created.at("/secret").asText());
        admin.get().uri(base + "/endpoints").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].id").isEqualTo(id).jsonPath("$.items.length()").isEqualTo(1);
        admin.patch().uri(base + "/endpoints/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("eventTypes", new String[] {}, "ordered", true)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.ordered").isEqualTo(true).jsonPath("$.eventTypes.length()").isEqualTo(0);
        admin.delete().uri(base + "/endpoints/" + id).exchange().expectStatus().isNoContent();
        admin.get().uri(base + "/endpoints/" + id).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesEndpointsOnPrivateOrMetadataAddressesWithAProblem() {
        for (String url : new String[] {"http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/hook"}) {
            admin.post().uri(base + "/endpoints").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", url)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("validation-failed").jsonPath("$.errors[0].field").isEqualTo("url");
        }
        assertThat(endpoints.list(partner, 10, 0)).isEmpty();
    }

    @Test
    void rotatesTheSecretAndSendsATestEventAtOnce() {
        // given
        String id = create(Map.of("url", receiverUrl("/api-hook"))).at("/endpoint/id").asText();

        // when
        JsonNode rotated = admin.post().uri(base + "/endpoints/" + id + "/rotate-secret").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("overlap", "PT2H")).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode test = admin.post().uri(base + "/endpoints/" + id + "/test").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        // then
        assertThat(rotated.at("/secret").asText()).startsWith("whsec_");
        assertThat(test.at("/outcome").asText()).isEqualTo("DELIVERED");
        assertThat(received("/api-hook")).singleElement()
                .satisfies(r -> assertThat(r.getHeader("webhook-signature").split(" ")).hasSize(2));
    }

    @Test
    void pagesTheAttemptLogPerEndpointAndShowsItPerEvent() {
        // given: three test events
        String id = create(Map.of("url", receiverUrl("/api-hook"))).at("/endpoint/id").asText();
        String eventId = null;
        for (int i = 0; i < 3; i++) {
            eventId = admin.post().uri(base + "/endpoints/" + id + "/test").exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().at("/eventId").asText();
        }

        // when
        JsonNode first = admin.get().uri(base + "/endpoints/" + id + "/attempts?limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode second = admin.get().uri(base + "/endpoints/" + id + "/attempts?limit=2&before=" + first.at("/next").asLong())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        // then
        assertThat(first.at("/items").size()).isEqualTo(2);
        assertThat(second.at("/items").size()).isEqualTo(1);
        assertThat(second.at("/next").isNull()).isTrue();
        assertThat(first.at("/items/0/responseBody").asText()).isEqualTo("gracias");
        assertThat(first.at("/items/0/latencyMillis").asInt()).isGreaterThanOrEqualTo(0);
        admin.get().uri(base + "/events/" + eventId + "/attempts").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].statusCode").isEqualTo(200);
        admin.get().uri("/admin/v1/partners/" + UUID.randomUUID() + "/webhooks/events/" + eventId + "/attempts").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void replaysEveryDeadDeliveryOfAnEndpointSinceATime() {
        // given: an endpoint whose deliveries died
        receiver.stubFor(post(urlEqualTo("/api-dead")).willReturn(aResponse().withStatus(500)));
        String id = create(Map.of("url", receiverUrl("/api-dead"))).at("/endpoint/id").asText();
        UUID first = publish(partner, "booking.created", Map.of("bookingId", "bk-a"));
        UUID second = publish(partner, "booking.created", Map.of("bookingId", "bk-b"));
        eventually().until(() -> attempts(first) == 1 && attempts(second) == 1);
        jdbc.sql("update webhook_deliveries set status = 'DEAD' where endpoint_id = :id").param("id", UUID.fromString(id)).update();
        receiver.stubFor(post(urlEqualTo("/api-dead")).willReturn(aResponse().withStatus(200)));

        // when
        admin.post().uri(base + "/endpoints/" + id + "/replay").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("since", clock.instant().minus(Duration.ofHours(1)).toString())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.replayed").isEqualTo(2);

        // then
        eventually().until(() -> deliveryStatus(first).equals("DELIVERED") && deliveryStatus(second).equals("DELIVERED"));
        admin.get().uri(base + "/endpoints/" + id + "/deliveries?status=delivered").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }

    @Test
    void thePartnerApiIsReachedThroughTheGatewayRouteAndScopedToThePartner() {
        // given
        String id = create(Map.of("url", receiverUrl("/api-hook"))).at("/endpoint/id").asText();

        // then: through the gateway route, the partner's own endpoints only
        partnerEdge.get().uri("/api/v1/webhooks/endpoints").header("X-Partner-Id", partner.toString())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items[0].id").isEqualTo(id);
        partnerEdge.get().uri("/api/v1/webhooks/endpoints").header("X-Partner-Id", UUID.randomUUID().toString())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        partnerEdge.get().uri("/api/v1/webhooks/endpoints/" + id).header("X-Partner-Id", UUID.randomUUID().toString())
                .exchange().expectStatus().isNotFound();
        partnerEdge.post().uri("/api/v1/webhooks/endpoints/" + id + "/test").header("X-Partner-Id", partner.toString())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("DELIVERED");
        partnerEdge.get().uri("/api/v1/webhooks/endpoints").exchange().expectStatus().isUnauthorized();
        // and straight to the internal path, a forged identity finds nothing there
        partnerEdge.get().uri(PartnerWebhookRoutes.BASE + "/endpoints").header("X-Partner-Id", partner.toString())
                .exchange().expectStatus().isNotFound();
        // and the internal path is not served on the admin listener at all
        admin.get().uri(PartnerWebhookRoutes.BASE + "/endpoints").header("X-Partner-Id", partner.toString())
                .exchange().expectStatus().isNotFound();
    }

    private JsonNode create(Map<String, Object> body) {
        return admin.post().uri(base + "/endpoints").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().exists("Location")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
