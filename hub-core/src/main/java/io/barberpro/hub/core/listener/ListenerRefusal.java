package io.barberpro.hub.core.listener;

/**
 * A request a listener refused by itself, below the web handler, so no web filter saw it: one the HTTP/1.1 codec
 * could not decode, whose framing cannot be trusted, or whose header did not arrive in time. What is known of it is
 * only what was read.
 *
 * @param requestId    the id its problem document carries (the listener's own: the partner's fields were never
 *                     read or cannot be trusted)
 * @param method       {@code -} when the request line was not read
 * @param path         the path without its query, {@code -} when the request line was not read
 * @param protocol     {@code HTTP/1.1} or {@code HTTP/1.0} as the request line named it, {@code -} when not read
 * @param status       the status of the problem it was answered with
 * @param latencyNanos from the request's first byte being decoded (its header's, for a header that timed out) to
 *                     its answer
 */
public record ListenerRefusal(String requestId, String method, String path, String protocol, int status,
                              long latencyNanos) {

    /** Written where the request line was never read. */
    public static final String UNREAD = "-";

    /** A refusal of a request whose line was never read: its header timed out, or the line itself was malformed. */
    static ListenerRefusal withoutRequestLine(String requestId, int status, long latencyNanos) {
        return new ListenerRefusal(requestId, UNREAD, UNREAD, UNREAD, status, latencyNanos);
    }
}
