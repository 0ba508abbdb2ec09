package io.barberpro.hub.integration.api;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.Map;

/**
 * The booking platform refused or failed a call. {@link #error()} is the hub's word for it, so every
 * door reports the same code (problem+json {@code code}, SOAP fault code, GraphQL
 * {@code extensions.code}); {@link #properties()} carries the platform's field {@code errors} when it
 * sent any.
 *
 * @see #upstreamStatus()
 */
public class BookingApiException extends HubProblemException {

    private final int upstreamStatus;

    public BookingApiException(HubError error, String detail, int upstreamStatus, Map<String, Object> properties) {
        super(error, detail, properties);
        this.upstreamStatus = upstreamStatus;
    }

    /** The platform's HTTP status, or 0 when no answer arrived (connection refused, timeout). */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
