package io.barberpro.hub.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import io.barberpro.hub.webhooks.Signatures;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.endpoint.EndpointRequest;
import io.barberpro.hub.webhooks.endpoint.EndpointService;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DeliveryGuaranteesIntegrationTest extends WebhooksIntegrationTestBase {

    @Autowired
    DeliveryWorker worker;

    @Test
    void anOrderedEndpointReceivesEventsInCommitOrderEvenWhenAnAttemptFailsInBetween() {
        // given: the second event fails once
        receiver.stubFor(post(urlEqualTo("/ordered")).atPriority(1).withRequestBody(matchingJsonPath("$.data[?(@.seq == 2)]"))
                .inScenario("ordered").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.stubFor(post(urlEqualTo("/ordered")).atPriority(5).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoints.create(partner, new EndpointRequest(receiverUrl("/ordered"), null, null, true, null, null, null));

        // when
        List<UUID> events = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            events.add(publish(partner, "booking.created", Map.of("seq", seq)));
        }

        // then: nothing after the failed second event goes out until it succeeds
        eventually().until(() -> attempts(events.get(1)) == 1);
        worker.runOnce(Lane.REGULAR);
        assertThat(sequences()).containsExactly(1, 2);
        clock.set(nextAttemptAt(events.get(1)));
        eventually().until(() -> events.stream().allMatch(e -> deliveryStatus(e).equals("DELIVERED")));
        assertThat(sequences()).containsExactly(1, 2, 2, 3, 4, 5);
    }

    @Test
    void anOrderedEndpointNumbersConcurrentTransactionsInCommitOrder() throws Exception {
        // given: an ordered endpoint, and a transaction that appended an event but has not committed
        receiver.stubFor(post(urlEqualTo("/ordered")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoints.create(partner, new EndpointRequest(receiverUrl("/ordered"), null, null, true, null, null, null));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Void> firstTx = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            outbox.append(new OutboxEvent(first, "booking.created", partner, clock.instant(), Map.of("seq", 1)));
            firstAppended.countDown();
            await(commitFirst);
        }));
        assertThat(firstAppended.await(10, TimeUnit.SECONDS)).isTrue();

        // when: a second transaction appends for the same endpoint
        CompletableFuture<Void> secondTx = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx ->
                outbox.append(new OutboxEvent(second, "booking.created", partner, clock.instant(), Map.of("seq", 2)))));

        // then: it cannot take its place in the endpoint's order until the first commits
        assertThatThrownBy(() -> secondTx.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        commitFirst.countDown();
        firstTx.get(10, TimeUnit.SECONDS);
        secondTx.get(10, TimeUnit.SECONDS);
        assertThat(orderSeq(first)).isLessThan(orderSeq(second));
        eventually().until(() -> deliveryStatus(second).equals("DELIVERED"));
        assertThat(sequences()).containsExactly(1, 2);
    }

    @Test
    void turningOrderingOnQueuesNewEventsBehindTheOnesAlreadyPending() {
        // given: an unordered endpoint with a failing event pending
        receiver.stubFor(post(urlEqualTo("/ordered")).willReturn(aResponse().withStatus(500)));
        UUID partner = UUID.randomUUID();
        UUID endpointId = endpoint(partner, "/ordered").endpoint().id();
        UUID first = publish(partner, "booking.created", Map.of("seq", 1));
        eventually().until(() -> attempts(first) == 1);

        // when
        endpoints.update(partner, endpointId, new EndpointRequest(null, null, null, true, null, null, null));
        UUID second = publish(partner, "booking.created", Map.of("seq", 2));
        worker.runOnce(Lane.REGULAR);

        // then: the new event waits behind the pending one
        assertThat(orderSeq(second)).isGreaterThan(orderSeq(first));
        assertThat(attempts(second)).isZero();
        receiver.stubFor(post(urlEqualTo("/ordered")).willReturn(aResponse().withStatus(200)));
        clock.set(nextAttemptAt(first));
        eventually().until(() -> deliveryStatus(second).equals("DELIVERED"));
        assertThat(sequences()).containsExactly(1, 1, 2);
    }

    @Test
    void thePerEndpointRateLimitHoldsWithinEachSecond() {
        // given
        receiver.stubFor(post(urlEqualTo("/limited")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoints.create(partner, new EndpointRequest(receiverUrl("/limited"), null, null, null, 3, null, null));

        // when: ten events become due in the same second
        List<UUID> events = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                events.add(id);
                outbox.append(new OutboxEvent(id, "booking.created", partner, clock.instant(), Map.of("n", i)));
            }
        });

        // then: three per clock second
        eventually().until(() -> received("/limited").size() == 3);
        worker.runOnce(Lane.REGULAR);
        assertThat(received("/limited")).hasSize(3);
        for (int expected : new int[] {6, 9, 10}) {
            clock.advance(Duration.ofSeconds(1));
            eventually().until(() -> received("/limited").size() == expected);
        }
        Map<Long, Long> perSecond = jdbc.sql("select attempted_at from webhook_attempts a join webhook_events e on e.id = a.event_id where e.partner_id = :p")
                .param("p", partner).query((rs, n) -> rs.getTimestamp(1).toInstant().getEpochSecond()).list()
                .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(perSecond.values()).allMatch(count -> count <= 3);
        eventually().until(() -> events.stream().allMatch(e -> deliveryStatus(e).equals("DELIVERED")));
    }

    @Test
    void aRotationSignsWithBothSecretsUntilTheOverlapEnds() throws Exception {
        // given
        receiver.stubFor(post(urlEqualTo("/rotating")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        EndpointService.Created created = endpoint(partner, "/rotating");
        String oldSecret = created.secret();

        // when
        EndpointService.Rotated rotated = endpoints.rotate(partner, created.endpoint().id(), Duration.ofHours(1));
        UUID during = publish(partner, "booking.created", Map.of("bookingId", "bk-r1"));

        // then: two v1 entries, the receiver's old secret still verifies (also with the reference library)
        eventually().until(() -> deliveryStatus(during).equals("DELIVERED"));
        LoggedRequest first = received("/rotating").get(0);
        assertThat(Signatures.entries(first.getHeader("webhook-signature"))).hasSize(2).allMatch(e -> e.startsWith("v1,"));
        assertThat(verifies(oldSecret, first)).isTrue();
        assertThat(verifies(rotated.secret(), first)).isTrue();
        assertThatCode(() -> new Webhook(oldSecret).verify(first.getBodyAsString(), headers(first))).doesNotThrowAnyException();

        // and just before the overlap ends the old secret still verifies
        clock.advance(Duration.ofMinutes(59));
        UUID late = publish(partner, "booking.created", Map.of("bookingId", "bk-r2"));
        eventually().until(() -> deliveryStatus(late).equals("DELIVERED"));
        assertThat(verifies(oldSecret, received("/rotating").get(1))).isTrue();

        // and after it only the new secret signs
        clock.advance(Duration.ofMinutes(2));
        UUID after = publish(partner, "booking.created", Map.of("bookingId", "bk-r3"));
        eventually().until(() -> deliveryStatus(after).equals("DELIVERED"));
        LoggedRequest third = received("/rotating").get(2);
        assertThat(Signatures.entries(third.getHeader("webhook-signature"))).hasSize(1);
        assertThat(verifies(rotated.secret(), third)).isTrue();
        assertThat(verifies(oldSecret, third)).isFalse();
        assertThat(rotated.previousExpiresAt()).isBefore(clock.instant());
    }

    @Test
    void aRetryAfterFromA429PostponesTheNextAttempt() {
        // given
        receiver.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/busy");

        // when
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-ra"));

        // then: the schedule said 5 s, the receiver asked for 10 min
        eventually().until(() -> attempts(eventId) == 1);
        Instant attempted = jdbc.sql("select attempted_at from webhook_attempts where event_id = :id").param("id", eventId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        assertThat(Duration.between(attempted, nextAttemptAt(eventId))).isEqualTo(Duration.ofMinutes(10));
    }

    private long orderSeq(UUID eventId) {
        return jdbc.sql("select order_seq from webhook_deliveries where event_id = :id").param("id", eventId).query(Long.class).single();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean verifies(String secret, LoggedRequest request) {
        return Signatures.verifies(secret, request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getBodyAsString(), request.getHeader("webhook-signature"));
    }

    private static Map<String, List<String>> headers(LoggedRequest request) {
        return Map.of("webhook-id", List.of(request.getHeader("webhook-id")),
                "webhook-timestamp", List.of(request.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(request.getHeader("webhook-signature")));
    }

    private List<Integer> sequences() {
        return received("/ordered").stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> Integer.parseInt(r.getBodyAsString().replaceAll(".*\"seq\": ?(\\d+).*", "$1")))
                .toList();
    }
}
