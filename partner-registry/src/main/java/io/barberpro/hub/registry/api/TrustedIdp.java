package io.barberpro.hub.registry.api;

import java.net.URI;

/** A partner's own identity provider whose JWTs the gateway accepts for that partner. */
public record TrustedIdp(String issuer, URI jwksUri, String audience) {
}
