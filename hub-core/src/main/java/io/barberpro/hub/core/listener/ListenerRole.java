package io.barberpro.hub.core.listener;

/** Which listener a request arrived on. */
public enum ListenerRole {
    /** Partner traffic: gateway routes, token endpoint, JWKS. */
    EDGE,
    /** Operators: admin API, actuator, OpenAPI documents. */
    ADMIN
}
