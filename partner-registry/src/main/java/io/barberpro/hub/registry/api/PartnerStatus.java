package io.barberpro.hub.registry.api;

/** A partner's lifecycle: {@code pending → active → suspended → offboarded}; suspended may return to active. */
public enum PartnerStatus {
    PENDING, ACTIVE, SUSPENDED, OFFBOARDED
}
