package io.barberpro.hub.registry.partner;

/** Body of the lifecycle calls; {@code reason} is kept with the transition (required to suspend). */
public record TransitionRequest(String reason) {
}
