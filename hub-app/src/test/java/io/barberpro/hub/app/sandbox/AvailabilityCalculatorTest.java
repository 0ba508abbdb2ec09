package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AvailabilityCalculatorTest {

    /** Monday 23 November 2026, 12:30 in Buenos Aires. */
    private final AvailabilityCalculator calculator =
            new AvailabilityCalculator(Clock.fixed(Instant.parse("2026-11-23T15:30:00Z"), ZoneOffset.UTC));
    private final Provider cordoba = SampleProviders.catalog().find("cba-nueva-cordoba").orElseThrow();
    private final ServiceOffering corteYBarba = cordoba.service("corte-y-barba").orElseThrow();

    @Test
    void slotsSkipTheSiestaAndEndByClosingTime() {
        List<AvailabilityCalculator.Slot> slots = calculator.freeSlots(cordoba, LocalDate.of(2026, 11, 24),
                Duration.ofMinutes(60), List.of());

        // 09:30-13:00 fits 09:30..12:00, 16:00-20:30 fits 16:00..19:30
        assertThat(slots).extracting(s -> s.start().toLocalTime().toString())
                .containsExactly("09:30", "10:00", "10:30", "11:00", "11:30", "12:00",
                        "16:00", "16:30", "17:00", "17:30", "18:00", "18:30", "19:00", "19:30");
        assertThat(slots).allSatisfy(s -> assertThat(s.start().getOffset()).isEqualTo(ZoneOffset.ofHours(-3)));
    }

    @Test
    void slotsOfTodayThatHaveBegunAreGone() {
        List<AvailabilityCalculator.Slot> slots = calculator.freeSlots(cordoba, LocalDate.of(2026, 11, 23),
                Duration.ofMinutes(30), List.of());

        assertThat(slots.get(0).start()).isEqualTo(OffsetDateTime.parse("2026-11-23T16:00:00-03:00"));
    }

    @Test
    void slotsOverlappingABookingAreTaken() {
        OffsetDateTime booked = OffsetDateTime.parse("2026-11-24T10:30:00-03:00");
        Booking booking = new Booking(UUID.randomUUID(), UUID.randomUUID(), cordoba.id(), "corte-clasico", booked,
                booked.plusMinutes(30), new Customer("Ana", "ana@example.com"), "r", BookingStatus.CONFIRMED,
                Instant.EPOCH, null, Booking.Pending.NONE);

        List<AvailabilityCalculator.Slot> slots = calculator.freeSlots(cordoba, LocalDate.of(2026, 11, 24),
                Duration.ofMinutes(60), List.of(booking));

        assertThat(slots).extracting(s -> s.start().toLocalTime().toString())
                .startsWith("09:30", "11:00").doesNotContain("10:00", "10:30");
    }

    @Test
    void explainsWhyAStartCannotBeBooked() {
        assertThat(calculator.whyNotBookable(cordoba, corteYBarba, OffsetDateTime.parse("2026-11-23T10:00:00-03:00")))
                .contains("must be in the future");
        assertThat(calculator.whyNotBookable(cordoba, corteYBarba, OffsetDateTime.parse("2026-11-24T12:30:00-03:00")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("opening hours"));
        assertThat(calculator.whyNotBookable(cordoba, corteYBarba, OffsetDateTime.parse("2026-11-24T10:10:00-03:00")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("slot grid starting at 09:30"));
        assertThat(calculator.whyNotBookable(cordoba, corteYBarba, OffsetDateTime.parse("2026-11-24T13:00:00Z")))
                .as("10:00 in Córdoba, written in UTC").isEmpty();
    }
}
