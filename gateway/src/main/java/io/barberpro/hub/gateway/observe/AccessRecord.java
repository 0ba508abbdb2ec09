package io.barberpro.hub.gateway.observe;

import java.time.Instant;
import java.util.UUID;

/**
 * What the access log says about one request, captured on the event loop as plain values; the line itself
 * is built later by {@link AccessLogWriter}'s thread.
 *
 * @param epochMillis when the response was committed
 * @param partnerId   {@code null} when no partner was identified
 * @param reason      the hub's refusal reason ({@link Rejections}), {@code null} when the request went through
 */
record AccessRecord(long epochMillis, String partner, UUID partnerId, String requestId, String method, String path,
                    String protocol, String route, int status, long latencyNanos, String reason) {

    /** logfmt: {@code time=… partner=… partnerId=… requestId=… method=… path=… protocol=… route=… status=… latencyMs=…}. */
    String line() {
        StringBuilder line = new StringBuilder(224)
                .append("time=").append(Instant.ofEpochMilli(epochMillis))
                .append(" partner=").append(partner)
                .append(" partnerId=").append(partnerId == null ? "-" : partnerId)
                .append(" requestId=").append(requestId)
                .append(" method=").append(method)
                .append(" path=").append(path)
                .append(" protocol=").append(protocol)
                .append(" route=").append(route)
                .append(" status=").append(status)
                .append(" latencyMs=").append(millis(latencyNanos));
        if (reason != null) {
            line.append(" reason=").append(reason);
        }
        return line.toString();
    }

    /** Milliseconds with two decimals. */
    static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
