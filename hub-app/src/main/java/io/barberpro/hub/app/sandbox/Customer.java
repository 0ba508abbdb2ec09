package io.barberpro.hub.app.sandbox;

/** The person who sits in the chair. */
record Customer(String name, String email) {
}
