package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A booking as partners see it. Times are ISO-8601 with the shop's offset ({@code -03:00}), so a
 * partner reads local shop time without a time-zone database.
 */
record BookingView(String id, BookingStatus status, String providerId, String serviceId, String start, String end,
                   Customer customer, String partnerReference, String createdAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String cancelledAt) {

    static BookingView of(Booking booking) {
        return new BookingView(booking.id().toString(), booking.status(), booking.providerId(), booking.serviceId(),
                format(booking.start()), format(booking.end()), booking.customer(), booking.partnerReference(),
                format(booking.createdAt()), booking.cancelledAt() == null ? null : format(booking.cancelledAt()));
    }

    static String format(OffsetDateTime time) {
        return time.atZoneSameInstant(AvailabilityCalculator.ZONE).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Milliseconds at most: some JSON clients parse no finer fraction. */
    static String format(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).atZone(AvailabilityCalculator.ZONE).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
