package io.barberpro.hub.app.sandbox;

import java.time.OffsetDateTime;

/** A well-formed create-booking request; whether it can be booked is decided later. */
record BookingRequest(String providerId, String serviceId, OffsetDateTime start, Customer customer,
                      String partnerReference) {

    /** Whether a repeated request with the same partner reference asks for this very booking. */
    boolean matches(Booking booking) {
        return providerId.equals(booking.providerId()) && serviceId.equals(booking.serviceId())
                && start.toInstant().equals(booking.start().toInstant()) && customer.equals(booking.customer());
    }
}
