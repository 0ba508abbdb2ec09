package io.barberpro.hub.registry.api;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The public side of the hub's token signing keys (current and those still in their rotation
 * overlap) and the claims the hub puts in every token it issues. Answers from memory.
 */
public interface HubTokenKeys {

    JWKSet publicKeys();

    /** The {@code iss} of hub-issued tokens. */
    String issuer();

    /** The {@code aud} of hub-issued tokens. */
    String audience();
}
