package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.webhooks.api.PlatformEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BookingEventsIntegrationTest extends SandboxApiIntegrationTestBase {

    @AfterEach
    void healSink() {
        sink.failing(false);
    }

    @Test
    void createAndCancelReachTheEventSinkOffTheEventLoop() {
        Map<String, Object> booking = book("ev-1");
        client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk();

        assertThat(sink.of(partner)).hasSize(2);
        PlatformEvent created = sink.of(partner).get(0).event();
        PlatformEvent cancelled = sink.of(partner).get(1).event();
        assertThat(created.type()).isEqualTo("booking.created");
        assertThat(created.occurredAt()).isEqualTo(SandboxTestApplication.NOW);
        assertThat(created.payload()).containsEntry("id", booking.get("id"))
                .containsEntry("status", "CONFIRMED")
                .containsEntry("partnerReference", "ev-1")
                .containsEntry("start", booking.get("start"));
        assertThat(cancelled.type()).isEqualTo("booking.cancelled");
        assertThat(cancelled.payload()).containsEntry("id", booking.get("id")).containsEntry("status", "CANCELLED");
        assertThat(cancelled.eventId()).isNotEqualTo(created.eventId());
        assertThat(sink.of(partner)).allSatisfy(r -> assertThat(r.thread()).doesNotStartWith("reactor-http"));
    }

    @Test
    void anIdempotentReplayEmitsNoSecondEvent() {
        String start = freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY);
        Map<String, Object> body = bookingBody("bsas-palermo-soho", "corte-clasico", start, "ev-replay");
        post(partner, body).expectStatus().isCreated();
        post(partner, body).expectStatus().isOk();

        assertThat(sink.of(partner)).hasSize(1);
    }

    @Test
    void aCreateWhoseEventIsLostIsUndoneAndReportedHonestly() {
        String start = freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY);
        sink.failing(true);

        problem(post(partner, bookingBody("bsas-palermo-soho", "corte-clasico", start, "ev-lost")), 503,
                "upstream-unavailable")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("not made"));

        client.get().uri("/api/v1/bookings?partnerReference=ev-lost").header(PARTNER_HEADER, partner.toString())
                .exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY)).isEqualTo(start);

        sink.failing(false);
        post(partner, bookingBody("bsas-palermo-soho", "corte-clasico", start, "ev-lost")).expectStatus().isCreated();
        assertThat(sink.of(partner)).hasSize(1);
    }

    @Test
    void aCancelWhoseEventIsLostLeavesTheBookingConfirmed() {
        Map<String, Object> booking = book("ev-cancel-lost");
        sink.failing(true);

        problem(client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id"))
                .header(PARTNER_HEADER, partner.toString()).exchange(), 503, "upstream-unavailable");

        client.get().uri("/api/v1/bookings/{id}", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");
        sink.failing(false);
        client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk();
    }
}
