package io.barberpro.hub.integration.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.integration.api.BookingApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class BookingApiResponsesTest {

    private final BookingApiResponses responses = new BookingApiResponses(Jackson2ObjectMapperBuilder.json().build());

    @Test
    void keepsTheHubCodeThePlatformSentWhenItFitsTheStatus() {
        assertThat(BookingApiResponses.errorFor(409, "duplicate")).isEqualTo(HubError.DUPLICATE);
        assertThat(BookingApiResponses.errorFor(400, "unknown-field")).isEqualTo(HubError.UNKNOWN_FIELD);
        assertThat(BookingApiResponses.errorFor(415, "unsupported-media-type")).isEqualTo(HubError.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void fallsBackToTheStatusForForeignOrMismatchedCodes() {
        assertThat(BookingApiResponses.errorFor(409, "slot-taken")).isEqualTo(HubError.CONFLICT);
        assertThat(BookingApiResponses.errorFor(404, "conflict")).isEqualTo(HubError.NOT_FOUND);
        assertThat(BookingApiResponses.errorFor(400, null)).isEqualTo(HubError.BAD_REQUEST);
    }

    @Test
    void blamesNeitherThePartnerForTheHubsNorThePlatformsTrouble() {
        assertThat(BookingApiResponses.errorFor(401, "unauthenticated")).isEqualTo(HubError.INTERNAL);
        assertThat(BookingApiResponses.errorFor(403, "forbidden")).isEqualTo(HubError.INTERNAL);
        assertThat(BookingApiResponses.errorFor(302, null)).isEqualTo(HubError.INTERNAL);
        assertThat(BookingApiResponses.errorFor(429, "quota-exceeded")).isEqualTo(HubError.UPSTREAM_UNAVAILABLE);
        assertThat(BookingApiResponses.errorFor(500, "internal")).isEqualTo(HubError.UPSTREAM_UNAVAILABLE);
        assertThat(BookingApiResponses.errorFor(504, null)).isEqualTo(HubError.UPSTREAM_TIMEOUT);
    }

    @Test
    void readsANonJsonErrorBodyByItsStatus() {
        BookingApiException e = responses.problem(404, "<html>Not Found</html>");

        assertThat(e.error()).isEqualTo(HubError.NOT_FOUND);
        assertThat(e.detail()).isEqualTo(HubError.NOT_FOUND.title());
        assertThat(e.properties()).isEmpty();
    }
}
