package io.barberpro.hub.gateway.hygiene;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context {@code traceparent}: {@code version-traceid-parentid-flags}. A well-formed
 * incoming value is passed on unchanged; anything else is replaced by a new sampled-off trace, so the
 * upstream always gets one valid header.
 */
final class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    /** Version 00 exactly; higher versions may append fields, but must start with this layout. */
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);

    private TraceContext() {
    }

    static boolean isValid(String traceparent) {
        if (traceparent == null || !VALID.matcher(traceparent).matches()) {
            return false;
        }
        String version = traceparent.substring(0, 2);
        if ("ff".equals(version) || ("00".equals(version) && traceparent.length() != 55)) {
            return false;
        }
        return !ZERO_TRACE.equals(traceparent.substring(3, 35)) && !ZERO_PARENT.equals(traceparent.substring(36, 52));
    }

    /** Random ids from a non-blocking source: trace ids need uniqueness, not secrecy. */
    static String create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        long parent = random.nextLong();
        if (high == 0 && low == 0) {
            low = 1;
        }
        if (parent == 0) {
            parent = 1;
        }
        return "00-" + hex(high) + hex(low) + "-" + hex(parent) + "-00";
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
