package io.barberpro.hub.registry.audit;

/**
 * Who makes a registry change, for the audit log and status transitions.
 *
 * @param name      the admin principal (e.g. {@code admin}) or {@code system} for the hub itself
 * @param requestId the admin request that made the change, or {@code null}
 */
public record Actor(String name, String requestId) {

    public static final Actor SYSTEM = new Actor("system", null);
}
