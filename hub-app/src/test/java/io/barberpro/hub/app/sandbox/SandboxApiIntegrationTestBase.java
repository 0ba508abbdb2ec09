package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Real HTTP against the sandbox's own listener on a random port; one context for all sandbox tests. */
@SpringBootTest(classes = SandboxTestApplication.class, properties = "hub.sandbox.port=0",
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles(SandboxTestApplication.PROFILE)
abstract class SandboxApiIntegrationTestBase {

    static final String PARTNER_HEADER = "X-Partner-Id";
    /** A Tuesday, when every sample shop is open. */
    static final LocalDate TUESDAY = LocalDate.of(2026, 11, 24);
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    SandboxBookingApiServer server;

    @Autowired
    RecordingPlatformEventSink sink;

    WebTestClient client;
    UUID partner;

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + server.port()).build();
        partner = UUID.randomUUID();
        sink.failing(false);
    }

    /** The first free start of a service on a date, as the API itself reports it. */
    @SuppressWarnings("unchecked")
    String freeSlot(String providerId, String serviceId, LocalDate date) {
        Map<String, Object> availability = client.get()
                .uri("/api/v1/providers/{id}/availability?date={date}&serviceId={service}", providerId, date, serviceId)
                .header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
        List<Map<String, String>> slots = (List<Map<String, String>>) availability.get("slots");
        assertThat(slots).as("free slots at %s on %s", providerId, date).isNotEmpty();
        return slots.get(0).get("start");
    }

    static Map<String, Object> bookingBody(String providerId, String serviceId, String start, String reference) {
        return Map.of("providerId", providerId, "serviceId", serviceId, "start", start,
                "customer", Map.of("name", "Martín Fierro", "email", "martin.fierro@example.com.ar"),
                "partnerReference", reference);
    }

    WebTestClient.ResponseSpec post(UUID asPartner, Object body) {
        return client.post().uri("/api/v1/bookings")
                .header(PARTNER_HEADER, asPartner.toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** Books the first free corte clásico in Palermo and returns the booking. */
    Map<String, Object> book(String reference) {
        String start = freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY);
        return post(partner, bookingBody("bsas-palermo-soho", "corte-clasico", start, reference))
                .expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();
    }

    static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.type").isEqualTo("https://docs.barberpro.io/hub/problems/" + code)
                .jsonPath("$.requestId").isNotEmpty();
    }

    /** A JSON array read by {@code jsonPath(...).value(...)}. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return (List<Object>) json;
    }
}
