package io.barberpro.hub.app.sandbox;

/** Public status of a booking. */
enum BookingStatus {
    CONFIRMED, CANCELLED
}
