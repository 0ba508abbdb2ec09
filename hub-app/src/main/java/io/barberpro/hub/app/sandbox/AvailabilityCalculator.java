package io.barberpro.hub.app.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Slots are the grid {@code open, open + 30 min, …} of each opening interval; a service fits a slot
 * when it ends by the interval's close. Free slots are those grid starts in the future that overlap no
 * booking holding the provider's chair.
 */
final class AvailabilityCalculator {

    static final Duration SLOT_STEP = Duration.ofMinutes(30);
    /** All sample shops keep Buenos Aires time (UTC-03:00, no daylight saving). */
    static final ZoneId ZONE = ZoneId.of("America/Argentina/Buenos_Aires");

    private final Clock clock;

    AvailabilityCalculator(Clock clock) {
        this.clock = clock;
    }

    record Slot(OffsetDateTime start, OffsetDateTime end) {
    }

    List<Slot> freeSlots(Provider provider, LocalDate date, Duration length, List<Booking> held) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Slot> slots = new ArrayList<>();
        for (TimeRange range : provider.openingHours().on(date.getDayOfWeek())) {
            for (LocalTime t = range.open(); fits(range, t, length); t = t.plus(SLOT_STEP)) {
                OffsetDateTime start = ZonedDateTime.of(date, t, ZONE).toOffsetDateTime();
                OffsetDateTime end = start.plus(length);
                if (start.isAfter(now) && held.stream().noneMatch(b -> b.overlaps(start, end))) {
                    slots.add(new Slot(start, end));
                }
            }
        }
        return slots;
    }

    /** Why a service cannot start at {@code start} (ignoring other bookings), or empty when it can. */
    Optional<String> whyNotBookable(Provider provider, ServiceOffering service, OffsetDateTime start) {
        if (!start.isAfter(OffsetDateTime.now(clock))) {
            return Optional.of("must be in the future");
        }
        ZonedDateTime local = start.atZoneSameInstant(ZONE);
        LocalTime from = local.toLocalTime();
        LocalTime to = local.plus(service.duration()).toLocalTime();
        boolean sameDay = local.plus(service.duration()).toLocalDate().equals(local.toLocalDate());
        Optional<TimeRange> range = provider.openingHours().on(local.getDayOfWeek()).stream()
                .filter(r -> sameDay && r.contains(from, to))
                .findFirst();
        if (range.isEmpty()) {
            return Optional.of("the service (" + service.durationMinutes()
                    + " min) does not fit the provider's opening hours at that time");
        }
        long offset = Duration.between(range.get().open(), from).toNanos();
        if (offset % SLOT_STEP.toNanos() != 0) {
            return Optional.of("must be on the provider's " + SLOT_STEP.toMinutes()
                    + "-minute slot grid starting at " + range.get().open());
        }
        return Optional.empty();
    }

    private static boolean fits(TimeRange range, LocalTime start, Duration length) {
        LocalTime end = start.plus(length);
        // LocalTime wraps at midnight; an end before the start means the service would run past it
        return end.isAfter(start) && !end.isAfter(range.close());
    }
}
