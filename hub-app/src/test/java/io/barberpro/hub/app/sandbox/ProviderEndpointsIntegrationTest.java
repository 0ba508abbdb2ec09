package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class ProviderEndpointsIntegrationTest extends SandboxApiIntegrationTestBase {

    @Test
    void answersCarryTheDateOfTheSandboxClock() {
        client.get().uri("/api/v1/providers").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.DATE, "Mon, 23 Nov 2026 12:00:00 GMT");
    }

    @Test
    void listsProvidersPageByPageWithANextLink() {
        client.get().uri("/api/v1/providers?page=0&size=4").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(4)
                .jsonPath("$.items[0].id").isEqualTo("bsas-palermo-soho")
                .jsonPath("$.items[0].city").isEqualTo("Buenos Aires")
                .jsonPath("$.items[0].address").isNotEmpty()
                .jsonPath("$.items[0].services[0].id").isEqualTo("corte-clasico")
                .jsonPath("$.items[0].services[0].durationMinutes").isEqualTo(30)
                .jsonPath("$.items[0].services[0].price.amount").isEqualTo("19000.00")
                .jsonPath("$.items[0].services[0].price.currency").isEqualTo("ARS")
                .jsonPath("$.items[0].openingHours.monday.length()").isEqualTo(0)
                .jsonPath("$.items[0].openingHours.tuesday[0].open").isEqualTo("10:00")
                .jsonPath("$.page.number").isEqualTo(0)
                .jsonPath("$.page.size").isEqualTo(4)
                .jsonPath("$.page.totalElements").isEqualTo(7)
                .jsonPath("$.page.totalPages").isEqualTo(2)
                .jsonPath("$.next").isEqualTo("/api/v1/providers?page=1&size=4");

        client.get().uri("/api/v1/providers?page=1&size=4").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(3)
                .jsonPath("$.items[*].city").value(cities -> assertThat(list(cities)).contains("Rosario", "Mendoza"))
                .jsonPath("$.next").isEmpty();
    }

    @Test
    void defaultsToTheFirstPageOfTwenty() {
        client.get().uri("/api/v1/providers").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(7)
                .jsonPath("$.page.size").isEqualTo(20)
                .jsonPath("$.next").isEmpty();
    }

    @Test
    void rejectsBadPagingWithEveryFieldNamed() {
        problem(client.get().uri("/api/v1/providers?page=-1&size=1000").header(PARTNER_HEADER, partner.toString())
                .exchange(), 400, "validation-failed")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(list(fields)).containsExactly("page", "size"));
    }

    @Test
    void showsOneProvider() {
        client.get().uri("/api/v1/providers/mdz-aristides").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("Barbería Arístides")
                .jsonPath("$.city").isEqualTo("Mendoza")
                .jsonPath("$.openingHours.monday.length()").isEqualTo(2);
    }

    @Test
    void answersUnknownProviderWithNotFound() {
        problem(client.get().uri("/api/v1/providers/nope").header(PARTNER_HEADER, partner.toString()).exchange(),
                404, "not-found")
                .jsonPath("$.instance").isEqualTo("/api/v1/providers/nope");
    }

    @Test
    @SuppressWarnings("unchecked")
    void availabilityFollowsOpeningHoursIncludingTheSiesta() {
        Map<String, Object> availability = client.get()
                .uri("/api/v1/providers/mdz-aristides/availability?date={d}&serviceId=corte-y-barba", TUESDAY)
                .header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(availability).containsEntry("timeZone", "America/Argentina/Buenos_Aires")
                .containsEntry("slotMinutes", 60).containsEntry("serviceId", "corte-y-barba");
        List<String> starts = ((List<Map<String, String>>) availability.get("slots")).stream()
                .map(s -> s.get("start")).toList();
        // 09:00-13:00 and 17:00-21:00: one-hour service on the 30-minute grid
        assertThat(starts).startsWith("2026-11-24T09:00:00-03:00", "2026-11-24T09:30:00-03:00")
                .contains("2026-11-24T12:00:00-03:00", "2026-11-24T17:00:00-03:00", "2026-11-24T20:00:00-03:00")
                .doesNotContain("2026-11-24T12:30:00-03:00", "2026-11-24T13:00:00-03:00", "2026-11-24T20:30:00-03:00")
                .hasSize(14);
    }

    @Test
    @SuppressWarnings("unchecked")
    void availabilityOmitsPastSlotsAndClosedDays() {
        Map<String, Object> today = client.get()
                .uri("/api/v1/providers/bsas-san-telmo/availability?date=2026-11-23")
                .header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
        List<Map<String, String>> slots = (List<Map<String, String>>) today.get("slots");
        assertThat(today).containsEntry("slotMinutes", 30);
        // the clock says 09:00 in Buenos Aires: the 09:00 slot has begun
        assertThat(slots.get(0)).containsEntry("start", "2026-11-23T09:30:00-03:00")
                .containsEntry("end", "2026-11-23T10:00:00-03:00");

        client.get().uri("/api/v1/providers/bsas-san-telmo/availability?date=2026-11-29")
                .header(PARTNER_HEADER, partner.toString())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.slots.length()").isEqualTo(0);
    }

    @Test
    void availabilityLeavesOutBookedSlotsOfEveryPartner() {
        LocalDate date = LocalDate.of(2026, 11, 25);
        String start = freeSlot("ros-pichincha", "corte-clasico", date);
        post(partner, bookingBody("ros-pichincha", "corte-clasico", start, "avail-1")).expectStatus().isCreated();

        String otherPartner = java.util.UUID.randomUUID().toString();
        client.get().uri("/api/v1/providers/ros-pichincha/availability?date={d}", date)
                .header(PARTNER_HEADER, otherPartner)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.slots[*].start")
                .value(starts -> assertThat(list(starts)).isNotEmpty().doesNotContain(start));
    }

    @Test
    void availabilityNeedsAValidDate() {
        problem(client.get().uri("/api/v1/providers/ros-pichincha/availability")
                .header(PARTNER_HEADER, partner.toString()).exchange(), 400, "validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("date");
        problem(client.get().uri("/api/v1/providers/ros-pichincha/availability?date=24/11/2026")
                .header(PARTNER_HEADER, partner.toString()).exchange(), 400, "validation-failed")
                .jsonPath("$.errors[0].message").isEqualTo("must be a date as YYYY-MM-DD");
    }

    @Test
    void availabilityOfAnUnknownServiceOrProviderIsNotFound() {
        problem(client.get().uri("/api/v1/providers/ros-pichincha/availability?date={d}&serviceId=tatuaje", TUESDAY)
                .header(PARTNER_HEADER, partner.toString()).exchange(), 404, "not-found");
        problem(client.get().uri("/api/v1/providers/nope/availability?date={d}", TUESDAY)
                .header(PARTNER_HEADER, partner.toString()).exchange(), 404, "not-found");
    }

    @Test
    void everyOperationNeedsThePartnerHeader() {
        problem(client.get().uri("/api/v1/providers").exchange(), 401, "unauthenticated");
        problem(client.get().uri("/api/v1/providers").header(PARTNER_HEADER, "demo").exchange(), 401, "unauthenticated")
                .jsonPath("$.detail").isEqualTo("The X-Partner-Id header is not a partner id");
    }

    @Test
    void answersUnknownPathsWithProblemJson() {
        problem(client.get().uri("/api/v2/providers").header(PARTNER_HEADER, partner.toString()).exchange(),
                404, "not-found");
    }

    @Test
    void answersHeadLikeGetWithoutTheBody() {
        byte[] body = client.head().uri("/api/v1/providers/bsas-palermo-soho").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();

        assertThat(body).isNullOrEmpty();
    }

    @Test
    void answersAMethodThePathDoesNotServeWith405AndAllow() {
        problem(client.delete().uri("/api/v1/bookings").header(PARTNER_HEADER, partner.toString()).exchange(),
                405, "method-not-allowed");
        client.put().uri("/api/v1/providers/bsas-palermo-soho").header(PARTNER_HEADER, partner.toString())
                .exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).isEqualTo("GET,HEAD"));
    }

    @Test
    void echoesTheRequestId() {
        client.get().uri("/api/v1/providers").header(PARTNER_HEADER, partner.toString())
                .header("X-Request-Id", "req-sandbox-0001")
                .exchange()
                .expectHeader().valueEquals("X-Request-Id", "req-sandbox-0001");
    }
}
