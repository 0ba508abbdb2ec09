package io.barberpro.hub.integration.api;

/** The person the booking is for. */
public record Customer(String name, String email) {
}
