package io.barberpro.hub.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A second node's worker set next to this context's, both on one database. */
class TwoNodesIntegrationTest extends WebhooksIntegrationTestBase {

    @Autowired
    JdbcDeliveryQueue queue;
    @Autowired
    EndpointDisabler disabler;
    @Autowired
    RetrySchedule schedule;
    @Autowired
    DeliveryMetrics metrics;
    @Autowired
    ObjectMapper json;
    @Autowired
    OutboundUrlPolicy policy;
    @Autowired
    TransactionTemplate transactionTemplate;

    @Test
    void twoNodesDeliverEveryEventExactlyOnceWithoutCrashes() {
        // given: a second node with its own HTTP client and four workers claiming small batches (and no slow lane)
        receiver.stubFor(post(urlEqualTo("/both")).willReturn(aResponse().withStatus(200).withFixedDelay(5)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/both");
        try (WebhookHttpClient http = new WebhookHttpClient(policy, clock, Duration.ofSeconds(2), Duration.ofSeconds(3))) {
            DeliveryWorker secondNode = worker(http, "second-node", 10);
            DeliveryWorkerPool pool = new DeliveryWorkerPool(secondNode, metrics, 4, 0, Duration.ofMillis(10), Duration.ofMillis(10), "second-node");
            pool.start();
            try {
                // when
                int count = 400;
                transactions.executeWithoutResult(tx -> {
                    for (int i = 0; i < count; i++) {
                        outbox.append(new OutboxEvent(UUID.randomUUID(), "booking.created", partner, clock.instant(), Map.of("n", i)));
                    }
                });

                // then
                eventually().atMost(Duration.ofSeconds(60)).until(() -> delivered(partner) == count);
                List<LoggedRequest> requests = received("/both");
                assertThat(requests).hasSize(count);
                assertThat(requests.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(count);
                List<String> workers = jdbc.sql("select distinct worker from webhook_attempts").query(String.class).list();
                assertThat(workers).hasSizeGreaterThanOrEqualTo(2).contains("second-node");
                assertThat(jdbc.sql("select count(*) from webhook_attempts").query(Integer.class).single()).isEqualTo(count);
            } finally {
                pool.stop();
            }
        }
    }

    @Test
    void aCrashedWorkersRowsAreReclaimedAfterTheLeaseAndItsLateResultIsFencedOff() {
        // given: a worker claims rows and dies before sending
        receiver.stubFor(post(urlEqualTo("/orphans")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/orphans");
        Instant now = clock.instant();
        List<Claim> orphaned = transactionTemplate.execute(tx -> {
            for (int i = 0; i < 5; i++) {
                outbox.append(new OutboxEvent(UUID.randomUUID(), "booking.created", partner, now, Map.of("n", i)));
            }
            // claimed inside the writing transaction, so the live workers never see them unleased
            return jdbc.sql("select event_id from webhook_deliveries d join webhook_events e on e.id = d.event_id where e.partner_id = :p")
                    .param("p", partner).query(UUID.class).list().stream()
                    .map(eventId -> queue.claimNow(eventId, endpointOf(partner), now.plus(Duration.ofSeconds(30)), UUID.randomUUID(), "crashed").orElseThrow())
                    .toList();
        });
        assertThat(orphaned).hasSize(5);

        // when: the lease is still running nothing is sent; once it ends the rows are reclaimed
        assertThat(received("/orphans")).isEmpty();
        clock.advance(Duration.ofSeconds(31));

        // then
        eventually().until(() -> delivered(partner) == 5);
        assertThat(received("/orphans")).hasSize(5);

        // and when the "dead" worker wakes up and finishes, its stale lease changes nothing
        try (WebhookHttpClient http = new WebhookHttpClient(policy, clock, Duration.ofSeconds(2), Duration.ofSeconds(3))) {
            worker(http, "zombie", 10).deliver(orphaned);
        }
        Set<Integer> attemptCounters = jdbc.sql("select attempts from webhook_deliveries d join webhook_events e on e.id = d.event_id where e.partner_id = :p")
                .param("p", partner).query(Integer.class).list().stream().collect(Collectors.toSet());
        assertThat(attemptCounters).containsExactly(1);
        assertThat(delivered(partner)).isEqualTo(5);        // and its late sends are not logged as attempts: the log holds one DELIVERED attempt per row
        assertThat(jdbc.sql("select count(*) from webhook_attempts where worker = 'zombie'").query(Integer.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from webhook_attempts a join webhook_events e on e.id = a.event_id"
                        + " where e.partner_id = :p and a.outcome = 'DELIVERED'")
                .param("p", partner).query(Integer.class).single()).isEqualTo(5);
    }

    private UUID endpointOf(UUID partner) {
        return endpoints.list(partner, 1, 0).get(0).id();
    }

    private DeliveryWorker worker(WebhookHttpClient http, String id, int batch) {
        return new DeliveryWorker(queue, http, disabler, transactionTemplate, schedule, metrics, SlowEndpoints.none(), json, clock,
                new DeliveryWorker.Settings(id, batch, Duration.ofSeconds(30), Duration.ofDays(5)));
    }

    private int delivered(UUID partner) {
        return jdbc.sql("""
                        select count(*) from webhook_deliveries d join webhook_events e on e.id = d.event_id
                        where e.partner_id = :p and d.status = 'DELIVERED'""")
                .param("p", partner).query(Integer.class).single();
    }
}
