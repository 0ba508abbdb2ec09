package io.barberpro.hub.webhooks.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.events.PartnerOnboarded;
import io.barberpro.hub.registry.api.events.PartnerStatusChanged;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.IllegalTransactionStateException;

class OutboxIntegrationTest extends WebhooksIntegrationTestBase {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformEventSink sink;

    @Test
    void aTransactionThatRollsBackLeavesNoEventAndNoDelivery() {
        // given
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/never");
        UUID eventId = UUID.randomUUID();

        // when
        transactions.executeWithoutResult(tx -> {
            outbox.append(new OutboxEvent(eventId, "booking.created", partner, clock.instant(), Map.of("bookingId", "bk-x")));
            tx.setRollbackOnly();
        });

        // then
        assertThat(count("webhook_events", eventId)).isZero();
        assertThat(jdbc.sql("select count(*) from webhook_deliveries where event_id = :id").param("id", eventId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(new OutboxEvent(UUID.randomUUID(), "booking.created", UUID.randomUUID(),
                clock.instant(), Map.of()))).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void registryEventsAreRecordedInThePublishersTransactionOnlyWhenItCommits() {
        // given
        receiver.stubFor(post(urlEqualTo("/lifecycle")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/lifecycle");
        UUID committed = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();

        // when
        transactions.executeWithoutResult(tx -> events.publishEvent(new PartnerOnboarded(committed, partner, "barberia-sur", clock.instant())));
        transactions.executeWithoutResult(tx -> {
            events.publishEvent(new PartnerStatusChanged(rolledBack, partner, PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED,
                    "unpaid", clock.instant()));
            tx.setRollbackOnly();
        });

        // then
        assertThat(count("webhook_events", committed)).isOne();
        assertThat(count("webhook_events", rolledBack)).isZero();
        eventually().until(() -> deliveryStatus(committed).equals("DELIVERED"));
        assertThat(received("/lifecycle").get(0).getBodyAsString()).contains("\"type\":\"partner.onboarded\"")
                .containsPattern("\"slug\": ?\"barberia-sur\"");
    }

    @Test
    void platformEventsAreIngestedOnceEvenWhenHandedOverTwice() {
        // given
        receiver.stubFor(post(urlEqualTo("/bookings")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/bookings");
        PlatformEvent event = new PlatformEvent(UUID.randomUUID(), "booking.created", partner, clock.instant(),
                Map.of("bookingId", "bk-p1", "priceArs", 12000));

        // when
        sink.accept(event);
        sink.accept(event);

        // then
        assertThat(count("webhook_events", event.eventId())).isOne();
        eventually().until(() -> deliveryStatus(event.eventId()).equals("DELIVERED"));
        assertThat(received("/bookings")).hasSize(1);
    }

    private int count(String table, UUID id) {
        return jdbc.sql("select count(*) from " + table + " where id = :id").param("id", id).query(Integer.class).single();
    }
}
