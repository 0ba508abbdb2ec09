package io.barberpro.hub.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One partner's slow receiver must not hold back another partner's deliveries on the same node. */
class SlowLaneIntegrationTest extends WebhooksIntegrationTestBase {

    /** Well above the test context's slow-threshold (500ms), well below its read-timeout (3s). */
    private static final int SLOW_ANSWER_MILLIS = 2000;
    private static final int EVENTS_EACH = 10;

    @Test
    void aFastEndpointIsDeliveredWithoutWaitingForAnEndpointThatAnsweredSlowly() {
        // given: endpoint A answers after 2 s, endpoint B at once, and A has answered slowly once already
        receiver.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(SLOW_ANSWER_MILLIS)));
        receiver.stubFor(post(urlEqualTo("/fast")).willReturn(aResponse().withStatus(200)));
        UUID partnerA = UUID.randomUUID();
        UUID partnerB = UUID.randomUUID();
        endpoint(partnerA, "/slow");
        endpoint(partnerB, "/fast");
        UUID first = publish(partnerA, "booking.created", Map.of("n", 0));
        eventually().until(() -> deliveryStatus(first).equals("DELIVERED"));

        // when: events for both commit together, interleaved, so that their rows are due side by side
        transactions.executeWithoutResult(tx -> {
            for (int i = 1; i <= EVENTS_EACH; i++) {
                outbox.append(new OutboxEvent(UUID.randomUUID(), "booking.created", partnerA, clock.instant(), Map.of("n", i)));
                outbox.append(new OutboxEvent(UUID.randomUUID(), "booking.created", partnerB, clock.instant(), Map.of("n", i)));
            }
        });

        // then: all of B is delivered while every new attempt to A is still waiting for its answer
        eventually().until(() -> deliveredToPartner(partnerB) == EVENTS_EACH);
        assertThat(attemptsOfPartner(partnerA)).as("A's attempts recorded by the time B was done").isEqualTo(1);

        // and A's deliveries complete as well, each sent and recorded exactly once
        eventually().until(() -> deliveredToPartner(partnerA) == EVENTS_EACH + 1);
        assertThat(attemptsOfPartner(partnerA)).isEqualTo(EVENTS_EACH + 1);
        assertThat(attemptsOfPartner(partnerB)).isEqualTo(EVENTS_EACH);
        assertThat(received("/slow")).extracting(r -> r.getHeader("webhook-id")).hasSize(EVENTS_EACH + 1).doesNotHaveDuplicates();
        assertThat(received("/fast")).extracting(r -> r.getHeader("webhook-id")).hasSize(EVENTS_EACH).doesNotHaveDuplicates();
    }

    private int deliveredToPartner(UUID partner) {
        return jdbc.sql("""
                        select count(*) from webhook_deliveries d join webhook_events e on e.id = d.event_id
                        where e.partner_id = :p and d.status = 'DELIVERED'""")
                .param("p", partner).query(Integer.class).single();
    }

    private int attemptsOfPartner(UUID partner) {
        return jdbc.sql("select count(*) from webhook_attempts a join webhook_events e on e.id = a.event_id where e.partner_id = :p")
                .param("p", partner).query(Integer.class).single();
    }
}
