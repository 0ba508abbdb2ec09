package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A provider's weekly opening hours in its local time; a day without intervals is closed. */
record OpeningHours(Map<DayOfWeek, List<TimeRange>> weekly) {

    OpeningHours {
        weekly = Map.copyOf(weekly);
    }

    List<TimeRange> on(DayOfWeek day) {
        return weekly.getOrDefault(day, List.of());
    }

    /** Written as {@code {"monday":[{"open":"10:00","close":"20:00"}], ..., "sunday":[]}}, Monday first. */
    @JsonValue
    Map<String, List<TimeRange>> json() {
        Map<String, List<TimeRange>> json = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            json.put(day.name().toLowerCase(Locale.ROOT), on(day));
        }
        return json;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);

        Builder days(DayOfWeek from, DayOfWeek to, TimeRange... ranges) {
            for (int d = from.getValue(); d <= to.getValue(); d++) {
                weekly.put(DayOfWeek.of(d), List.of(ranges));
            }
            return this;
        }

        OpeningHours build() {
            return new OpeningHours(weekly);
        }
    }
}
