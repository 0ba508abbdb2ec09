package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class BookingEndpointsIntegrationTest extends SandboxApiIntegrationTestBase {

    @Test
    void createsABookingWithLocationAndConfirmedStatus() {
        String start = freeSlot("cba-nueva-cordoba", "corte-y-barba", TUESDAY);

        Map<String, Object> booking = post(partner, bookingBody("cba-nueva-cordoba", "corte-y-barba", start, "ord-1001"))
                .expectStatus().isCreated()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(booking).containsEntry("status", "CONFIRMED")
                .containsEntry("providerId", "cba-nueva-cordoba")
                .containsEntry("serviceId", "corte-y-barba")
                .containsEntry("start", start)
                .containsEntry("partnerReference", "ord-1001")
                .containsEntry("customer", Map.of("name", "Martín Fierro", "email", "martin.fierro@example.com.ar"))
                .containsEntry("createdAt", "2026-11-23T09:00:00-03:00")
                .doesNotContainKey("cancelledAt");
        assertThat(java.time.OffsetDateTime.parse((String) booking.get("end")))
                .isEqualTo(java.time.OffsetDateTime.parse(start).plusMinutes(60));
        client.get().uri("/api/v1/bookings/{id}", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(booking.get("id"));
    }

    @Test
    void setsTheLocationHeaderToTheNewBooking() {
        String start = freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY);
        var result = post(partner, bookingBody("bsas-palermo-soho", "corte-clasico", start, "loc-1"))
                .expectStatus().isCreated()
                .expectBody(JSON).returnResult();
        assertThat(result.getResponseHeaders().getLocation())
                .hasToString("/api/v1/bookings/" + result.getResponseBody().get("id"));
    }

    @Test
    void acceptsAStartWrittenWithAnotherOffset() {
        // 13:00Z is 10:00 in Buenos Aires
        LocalDate date = LocalDate.of(2026, 11, 26);
        post(partner, bookingBody("bsas-san-telmo", "arreglo-barba", date + "T13:00:00Z", "utc-1"))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.start").isEqualTo(date + "T10:00:00-03:00");
    }

    @Test
    void refusesAnOverlappingBookingWithConflict() {
        String start = freeSlot("cba-cerro-de-las-rosas", "corte-clasico", TUESDAY);
        post(partner, bookingBody("cba-cerro-de-las-rosas", "corte-clasico", start, "ov-1")).expectStatus().isCreated();

        UUID rival = UUID.randomUUID();
        problem(post(rival, bookingBody("cba-cerro-de-las-rosas", "afeitado-navaja", start, "ov-2")), 409, "conflict")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("already booked"));
    }

    @Test
    void refusesAServiceThatRunsIntoAnExistingBooking() {
        LocalDate date = LocalDate.of(2026, 11, 27);
        post(partner, bookingBody("ros-pichincha", "corte-clasico", date + "T11:00:00-03:00", "run-1"))
                .expectStatus().isCreated();
        problem(post(partner, bookingBody("ros-pichincha", "color", date + "T10:00:00-03:00", "run-2")), 409, "conflict");
    }

    @Test
    void answersUnknownProviderOrServiceWithNotFound() {
        problem(post(partner, bookingBody("nope", "corte-clasico", TUESDAY + "T10:00:00-03:00", "nf-1")), 404, "not-found")
                .jsonPath("$.detail").isEqualTo("No provider 'nope'");
        problem(post(partner, bookingBody("ros-pichincha", "tatuaje", TUESDAY + "T10:00:00-03:00", "nf-2")), 404, "not-found")
                .jsonPath("$.detail").isEqualTo("Provider 'ros-pichincha' offers no service 'tatuaje'");
    }

    @Test
    void reportsEveryMissingFieldAtOnce() {
        problem(post(partner, Map.of("customer", Map.of())), 400, "validation-failed")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(list(fields)).containsExactlyInAnyOrder(
                        "providerId", "serviceId", "start", "customer.name", "customer.email", "partnerReference"));
    }

    @Test
    void rejectsAMalformedEmailAndStart() {
        Map<String, Object> body = new HashMap<>(bookingBody("ros-pichincha", "corte-clasico", "mañana a las diez", "bad-1"));
        body.put("customer", Map.of("name", "Ana", "email", "ana-at-example"));
        problem(post(partner, body), 400, "validation-failed")
                .jsonPath("$.errors[?(@.field == 'customer.email')].message").isEqualTo("must be an e-mail address")
                .jsonPath("$.errors[?(@.field == 'start')]").exists();
    }

    @Test
    void rejectsAStartWithoutOffset() {
        problem(post(partner, bookingBody("ros-pichincha", "corte-clasico", TUESDAY + "T10:00:00", "nooffset-1")),
                400, "validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("start");
    }

    @Test
    void rejectsUnknownFields() {
        Map<String, Object> body = new HashMap<>(bookingBody("ros-pichincha", "corte-clasico", TUESDAY + "T10:00:00-03:00", "uf-1"));
        body.put("discount", 50);
        problem(post(partner, body), 400, "unknown-field")
                .jsonPath("$.errors[0].field").isEqualTo("discount")
                .jsonPath("$.errors[0].message").isEqualTo("is not a field of this operation");
    }

    @Test
    void rejectsAStartOffTheSlotGrid() {
        problem(post(partner, bookingBody("ros-pichincha", "corte-clasico", TUESDAY + "T10:15:00-03:00", "grid-1")),
                400, "validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("start")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("30-minute slot grid"));
    }

    @Test
    void rejectsAStartInThePast() {
        problem(post(partner, bookingBody("bsas-san-telmo", "corte-clasico", "2026-11-20T10:00:00-03:00", "past-1")),
                400, "validation-failed")
                .jsonPath("$.errors[0].message").isEqualTo("must be in the future");
    }

    @Test
    void rejectsABookingOutsideOpeningHours() {
        // Córdoba's siesta, a Sunday, and a service that would run past closing time
        for (String start : List.of(TUESDAY + "T14:00:00-03:00", "2026-11-29T10:00:00-03:00", TUESDAY + "T20:00:00-03:00")) {
            problem(post(partner, bookingBody("cba-nueva-cordoba", "corte-y-barba", start, "hours-" + start.hashCode())),
                    400, "validation-failed")
                    .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("opening hours"));
        }
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        problem(client.post().uri("/api/v1/bookings").header(PARTNER_HEADER, partner.toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"providerId\":").exchange(), 400, "bad-request");
        problem(client.post().uri("/api/v1/bookings").header(PARTNER_HEADER, partner.toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[]").exchange(), 400, "bad-request");
        problem(client.post().uri("/api/v1/bookings").header(PARTNER_HEADER, partner.toString())
                .contentType(MediaType.APPLICATION_JSON).exchange(), 400, "bad-request");
    }

    @Test
    void rejectsANonJsonContentType() {
        problem(client.post().uri("/api/v1/bookings").header(PARTNER_HEADER, partner.toString())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("providerId=x").exchange(),
                415, "unsupported-media-type");
    }

    @Test
    void repeatingACreateWithTheSamePartnerReferenceReturnsTheFirstBooking() {
        String start = freeSlot("mdq-guemes", "corte-nino", TUESDAY);
        Map<String, Object> body = bookingBody("mdq-guemes", "corte-nino", start, "retry-1");
        String id = (String) post(partner, body).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("id");

        post(partner, body).expectStatus().isOk()
                .expectHeader().location("/api/v1/bookings/" + id)
                .expectBody().jsonPath("$.id").isEqualTo(id);
        client.get().uri("/api/v1/bookings?partnerReference=retry-1").header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1);
    }

    @Test
    void reusingAPartnerReferenceForAnotherBookingIsADuplicate() {
        String start = freeSlot("mdq-guemes", "corte-clasico", TUESDAY);
        post(partner, bookingBody("mdq-guemes", "corte-clasico", start, "dup-1")).expectStatus().isCreated();
        String later = freeSlot("mdq-guemes", "corte-clasico", TUESDAY);

        problem(post(partner, bookingBody("mdq-guemes", "corte-clasico", later, "dup-1")), 409, "duplicate");
    }

    @Test
    void partnerReferencesBelongToOnePartner() {
        Map<String, Object> mine = book("shared-ref");
        String start = freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY);
        UUID other = UUID.randomUUID();

        post(other, bookingBody("bsas-palermo-soho", "corte-clasico", start, "shared-ref"))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.id").value(id -> assertThat(id).isNotEqualTo(mine.get("id")));
    }

    @Test
    void anotherPartnersBookingIsNotFound() {
        Map<String, Object> booking = book("secret-1");
        String stranger = UUID.randomUUID().toString();

        problem(client.get().uri("/api/v1/bookings/{id}", booking.get("id")).header(PARTNER_HEADER, stranger).exchange(),
                404, "not-found");
        problem(client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id")).header(PARTNER_HEADER, stranger)
                .exchange(), 404, "not-found");
        client.get().uri("/api/v1/bookings?partnerReference=secret-1").header(PARTNER_HEADER, stranger)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void unknownOrMalformedBookingIdsAreNotFound() {
        problem(client.get().uri("/api/v1/bookings/{id}", UUID.randomUUID()).header(PARTNER_HEADER, partner.toString())
                .exchange(), 404, "not-found");
        problem(client.get().uri("/api/v1/bookings/not-a-uuid").header(PARTNER_HEADER, partner.toString())
                .exchange(), 404, "not-found");
    }

    @Test
    void cancelsABookingOnceAndFreesItsSlot() {
        Map<String, Object> booking = book("cancel-1");

        client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED")
                .jsonPath("$.cancelledAt").isEqualTo("2026-11-23T09:00:00-03:00");
        client.get().uri("/api/v1/bookings/{id}", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        problem(client.post().uri("/api/v1/bookings/{id}/cancel", booking.get("id")).header(PARTNER_HEADER, partner.toString())
                .exchange(), 409, "conflict")
                .jsonPath("$.detail").isEqualTo("The booking is already cancelled");

        assertThat(freeSlot("bsas-palermo-soho", "corte-clasico", TUESDAY)).isEqualTo(booking.get("start"));
    }

    @Test
    void listsThePartnersBookingsPageByPage() {
        book("list-1");
        book("list-2");
        book("list-3");

        client.get().uri("/api/v1/bookings?size=2").header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.page.totalElements").isEqualTo(3)
                .jsonPath("$.next").isEqualTo("/api/v1/bookings?page=1&size=2");
        client.get().uri("/api/v1/bookings?partnerReference=list-2").header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].partnerReference").isEqualTo("list-2");
    }

    @Test
    void bookingOperationsNeedThePartnerHeader() {
        problem(client.post().uri("/api/v1/bookings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(bookingBody("ros-pichincha", "corte-clasico", TUESDAY + "T10:00:00-03:00", "anon-1"))
                .exchange(), 401, "unauthenticated");
        problem(client.get().uri("/api/v1/bookings").exchange(), 401, "unauthenticated");
        problem(client.get().uri("/api/v1/bookings/{id}", UUID.randomUUID()).exchange(), 401, "unauthenticated");
        problem(client.post().uri("/api/v1/bookings/{id}/cancel", UUID.randomUUID()).exchange(), 401, "unauthenticated");
    }
}
