package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.LocalTime;

/** Local opening interval of one day, {@code open} inclusive and {@code close} exclusive. */
record TimeRange(@JsonFormat(pattern = "HH:mm") LocalTime open, @JsonFormat(pattern = "HH:mm") LocalTime close) {

    TimeRange {
        if (!open.isBefore(close)) {
            throw new IllegalArgumentException("opening interval must not be empty: " + open + "-" + close);
        }
    }

    boolean contains(LocalTime start, LocalTime end) {
        return !start.isBefore(open) && !end.isAfter(close) && start.isBefore(end);
    }

    static TimeRange of(String open, String close) {
        return new TimeRange(LocalTime.parse(open), LocalTime.parse(close));
    }
}
