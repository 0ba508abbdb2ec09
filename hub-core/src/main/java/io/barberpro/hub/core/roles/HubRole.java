package io.barberpro.hub.core.roles;

import java.util.Locale;

/** What a hub node does; one jar, several roles, chosen by {@code hub.roles}. */
public enum HubRole {
    GATEWAY, INTEGRATION, WEBHOOKS, REGISTRY, PORTAL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
