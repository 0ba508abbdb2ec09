package io.barberpro.hub.registry.api;

/** The ways a partner can prove who it is at the edge. */
public enum AuthMethod {
    MTLS, OAUTH2_JWT, API_KEY
}
