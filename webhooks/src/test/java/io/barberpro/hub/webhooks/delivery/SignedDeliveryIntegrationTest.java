package io.barberpro.hub.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.webhooks.Signatures;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.endpoint.EndpointRequest;
import io.barberpro.hub.webhooks.endpoint.EndpointService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SignedDeliveryIntegrationTest extends WebhooksIntegrationTestBase {

    @Autowired
    ObjectMapper json;

    @Test
    void deliversAStandardWebhooksMessageThatVerifiesIndependentlyAndWithTheReferenceLibrary() throws Exception {
        // given
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        UUID partner = UUID.randomUUID();
        EndpointService.Created endpoint = endpoint(partner, "/hook");

        // when
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-1", "providerId", "barberia-palermo"));

        // then
        eventually().until(() -> deliveryStatus(eventId).equals("DELIVERED"));
        LoggedRequest request = received("/hook").get(0);
        String body = request.getBodyAsString();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String signature = request.getHeader("webhook-signature");
        assertThat(id).isEqualTo(eventId.toString());
        assertThat(Long.parseLong(timestamp)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(request.getHeader("content-type")).startsWith("application/json");
        assertThat(Signatures.entries(signature)).containsExactly(Signatures.expected(endpoint.secret(), id, timestamp, body));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp),
                "webhook-signature", List.of(signature));
        assertThatCode(() -> new Webhook(endpoint.secret()).verify(body, headers)).doesNotThrowAnyException();
        JsonNode message = json.readTree(body);
        assertThat(message.get("type").asText()).isEqualTo("booking.created");
        assertThat(message.get("timestamp").asText()).isNotBlank();
        assertThat(message.get("data").get("bookingId").asText()).isEqualTo("bk-1");
        Map<String, Object> attempt = jdbc.sql("select outcome, status_code, latency_ms from webhook_attempts where event_id = :id")
                .param("id", eventId).query().singleRow();
        assertThat(attempt).containsEntry("outcome", "DELIVERED").containsEntry("status_code", 204);
    }

    @Test
    void retriesThreeFailuresOnTheScheduleAndDeliversOnTheFourthAttempt() {
        // given: 500, 500, 500, then 200
        String[] states = {com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED, "1", "2", "3"};
        for (int i = 0; i < 3; i++) {
            receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(states[i])
                    .willReturn(aResponse().withStatus(500).withBody("boom " + i)).willSetStateTo(states[i + 1]));
        }
        receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("3")
                .willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/flaky");

        // when
        UUID eventId = publish(partner, "booking.cancelled", Map.of("bookingId", "bk-2"));

        // then: each retry waits its scheduled delay ±10 %, measured on the clock
        List<Duration> delays = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int made = attempt;
            eventually().until(() -> attempts(eventId) == made);
            Duration wait = Duration.between(attemptedAt(eventId, attempt), nextAttemptAt(eventId));
            Duration planned = delays.get(attempt - 1);
            assertThat(wait).isBetween(planned.multipliedBy(9).dividedBy(10), planned.multipliedBy(11).dividedBy(10));
            assertThat(deliveryStatus(eventId)).isEqualTo("PENDING");
            clock.set(nextAttemptAt(eventId));
        }
        eventually().until(() -> deliveryStatus(eventId).equals("DELIVERED"));
        assertThat(attempts(eventId)).isEqualTo(4);
        List<LoggedRequest> requests = received("/flaky");
        assertThat(requests).hasSize(4).extracting(r -> r.getHeader("webhook-id")).containsOnly(eventId.toString());
        assertThat(requests).extracting(r -> r.getHeader("webhook-timestamp")).doesNotHaveDuplicates();
        assertThat(jdbc.sql("select response_body from webhook_attempts where event_id = :id order by id limit 1")
                .param("id", eventId).query(String.class).single()).isEqualTo("boom 0");
    }

    @Test
    void aReceiverDownPastTheWholeScheduleGetsADeadLetterThatAReplayDelivers(@Autowired JdbcDeliveryLog log) {
        // given
        receiver.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        UUID partner = UUID.randomUUID();
        UUID endpointId = endpoint(partner, "/down").endpoint().id();
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-3"));

        // when: every one of the 8 attempts fails
        for (int attempt = 1; attempt <= 8; attempt++) {
            int made = attempt;
            eventually().until(() -> attempts(eventId) == made);
            if (attempt < 8) {
                clock.set(nextAttemptAt(eventId));
            }
        }

        // then
        eventually().until(() -> deliveryStatus(eventId).equals("DEAD"));
        assertThat(jdbc.sql("select outcome from webhook_attempts where event_id = :id order by id desc limit 1")
                .param("id", eventId).query(String.class).single()).isEqualTo("DEAD");

        // and when the receiver is back and the dead letter is replayed
        receiver.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(200)));
        long deliveryId = jdbc.sql("select id from webhook_deliveries where event_id = :id").param("id", eventId).query(Long.class).single();
        assertThat(log.replay(partner, deliveryId)).isTrue();

        // then it is delivered with its original webhook-id
        eventually().until(() -> deliveryStatus(eventId).equals("DELIVERED"));
        assertThat(received("/down")).hasSize(9).extracting(r -> r.getHeader("webhook-id")).containsOnly(eventId.toString());
        assertThat(log.attemptsOfEndpoint(partner, endpointId, null, 50)).hasSize(9);
    }

    @Test
    void goneDisablesTheEndpointRecordsEndpointDisabledAndStopsAttempts() {
        // given
        receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        UUID partner = UUID.randomUUID();
        UUID endpointId = endpoint(partner, "/gone").endpoint().id();

        // when
        UUID first = publish(partner, "booking.created", Map.of("bookingId", "bk-4"));

        // then
        eventually().until(() -> deliveryStatus(first).equals("DEAD"));
        assertThat(endpoints.get(partner, endpointId).enabled()).isFalse();
        assertThat(endpoints.get(partner, endpointId).disabledReason()).contains("410");
        assertThat(jdbc.sql("select count(*) from webhook_events where partner_id = :p and type = 'endpoint.disabled'")
                .param("p", partner).query(Integer.class).single()).isEqualTo(1);
        UUID second = publish(partner, "booking.created", Map.of("bookingId", "bk-5"));
        clock.advance(Duration.ofHours(1));
        assertThat(jdbc.sql("select count(*) from webhook_deliveries where event_id = :id").param("id", second)
                .query(Integer.class).single()).isZero();
        assertThat(received("/gone")).hasSize(1);
    }

    @Test
    void disablingAnEndpointStopsFurtherAttemptsOfItsPendingDeliveries(@Autowired DeliveryWorker worker) {
        // given
        receiver.stubFor(post(urlEqualTo("/failing")).willReturn(aResponse().withStatus(500)));
        UUID partner = UUID.randomUUID();
        UUID endpointId = endpoint(partner, "/failing").endpoint().id();
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-6"));
        eventually().until(() -> attempts(eventId) == 1);

        // when
        endpoints.update(partner, endpointId, new EndpointRequest(null, null, null, null, null, null, false));
        clock.advance(Duration.ofDays(1));
        worker.runOnce(Lane.REGULAR);

        // then
        assertThat(deliveryStatus(eventId)).isEqualTo("DEAD");
        assertThat(attempts(eventId)).isEqualTo(1);
        assertThat(received("/failing")).hasSize(1);
    }

    @Test
    void anEndpointFailingLongerThanDisableAfterIsDisabled() {
        // given
        receiver.stubFor(post(urlEqualTo("/sick")).willReturn(aResponse().withStatus(500)));
        UUID partner = UUID.randomUUID();
        UUID endpointId = endpoint(partner, "/sick").endpoint().id();
        UUID first = publish(partner, "booking.created", Map.of("bookingId", "bk-7"));
        eventually().until(() -> attempts(first) == 1);

        // when: the retry five days later still fails
        clock.advance(Duration.ofDays(5));

        // then
        eventually().until(() -> !endpoints.get(partner, endpointId).enabled());
        assertThat(endpoints.get(partner, endpointId).disabledReason()).startsWith("failing without a success since");
        assertThat(attempts(first)).isEqualTo(2);
        assertThat(deliveryStatus(first)).isEqualTo("DEAD");
        assertThat(jdbc.sql("select count(*) from webhook_events where partner_id = :p and type = 'endpoint.disabled'")
                .param("p", partner).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aRedirectIsNotFollowed() {
        // given
        receiver.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", receiverUrl("/elsewhere"))));
        receiver.stubFor(post(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/moved");

        // when
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-9"));

        // then
        eventually().until(() -> attempts(eventId) == 1);
        assertThat(jdbc.sql("select status_code from webhook_attempts where event_id = :id").param("id", eventId)
                .query(Integer.class).single()).isEqualTo(302);
        assertThat(deliveryStatus(eventId)).isEqualTo("PENDING");
        assertThat(received("/elsewhere")).isEmpty();
    }

    @Test
    void customHeadersAreSentButMayNotReplaceTheSignatureHeaders() {
        // given
        receiver.stubFor(post(urlEqualTo("/headers")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoints.create(partner, new EndpointRequest(receiverUrl("/headers"), null, null, null, null,
                Map.of("X-Partner-Tag", "peluqueria-42"), null));

        // when
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-10"));

        // then
        eventually().until(() -> deliveryStatus(eventId).equals("DELIVERED"));
        assertThat(received("/headers").get(0).getHeader("X-Partner-Tag")).isEqualTo("peluqueria-42");
        assertThatThrownBy(() -> endpoints.create(partner, new EndpointRequest(receiverUrl("/headers"), null, null, null, null,
                Map.of("Webhook-Signature", "v1,forged"), null)))
                .isInstanceOf(HubProblemException.class);
    }

    @Test
    void theTestCallDeliversASignedWebhookTestAtOnce() {
        // given
        receiver.stubFor(post(urlEqualTo("/try")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        EndpointService.Created endpoint = endpoint(partner, "/try");

        // when
        DeliveryWorker.Attempt attempt = endpoints.test(partner, endpoint.endpoint().id());

        // then
        assertThat(attempt.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(attempt.status()).isEqualTo(200);
        LoggedRequest request = received("/try").get(0);
        assertThat(request.getBodyAsString()).contains("\"type\":\"webhook.test\"");
        assertThat(Signatures.verifies(endpoint.secret(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getBodyAsString(), request.getHeader("webhook-signature"))).isTrue();
    }

    @Test
    void anEventTypeFilterSelectsWhichEventsAnEndpointGets() {
        // given
        receiver.stubFor(post(urlEqualTo("/cancellations")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoints.create(partner, new EndpointRequest(receiverUrl("/cancellations"), null, List.of("booking.cancelled"),
                null, null, null, null));

        // when
        publish(partner, "booking.created", Map.of("bookingId", "bk-11"));
        UUID cancelled = publish(partner, "booking.cancelled", Map.of("bookingId", "bk-11"));

        // then
        eventually().until(() -> deliveryStatus(cancelled).equals("DELIVERED"));
        assertThat(received("/cancellations")).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("booking.cancelled").contains("bk-11"));
    }

    @Test
    void metricsCountAttemptsByOutcomeAndDescribeTheQueue(@Autowired io.micrometer.core.instrument.MeterRegistry meters,
                                                          @Autowired DeliveryMetrics metrics) {
        // given
        receiver.stubFor(post(urlEqualTo("/metered")).willReturn(aResponse().withStatus(500)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/metered");
        double failedBefore = meters.counter("hub.webhooks.attempts", "outcome", "failed").count();

        // when
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-m"));
        eventually().until(() -> attempts(eventId) == 1);
        clock.advance(Duration.ofMinutes(2));
        metrics.refresh();

        // then
        assertThat(meters.counter("hub.webhooks.attempts", "outcome", "failed").count()).isGreaterThan(failedBefore);
        assertThat(meters.get("hub.webhooks.queue.depth").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("hub.webhooks.queue.oldest.age").gauge().value()).isEqualTo(120.0);
    }

    private java.time.Instant attemptedAt(UUID eventId, int attempt) {
        return jdbc.sql("select attempted_at from webhook_attempts where event_id = :id and attempt = :n")
                .param("id", eventId).param("n", attempt).query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }
}
