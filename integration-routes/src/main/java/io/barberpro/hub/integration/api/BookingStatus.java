package io.barberpro.hub.integration.api;

/** Lifecycle of a booking, the same word in every protocol the hub speaks. */
public enum BookingStatus {
    CONFIRMED, CANCELLED
}
