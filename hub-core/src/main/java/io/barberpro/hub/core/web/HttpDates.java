package io.barberpro.hub.core.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP's date format, IMF-fixdate (RFC 9110 §5.6.7): {@code Sun, 06 Nov 1994 08:49:37 GMT}. The JDK's
 * {@code RFC_1123_DATE_TIME} is not it: that one writes single-digit days without the leading zero.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The last second formatted: every response in that second carries the same text, formatted once. */
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private HttpDates() {
    }

    public static String imfFixdate(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted formatted = last;
        if (formatted.second != second) {
            formatted = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            last = formatted;
        }
        return formatted.text;
    }

    private record Formatted(long second, String text) {
    }
}
