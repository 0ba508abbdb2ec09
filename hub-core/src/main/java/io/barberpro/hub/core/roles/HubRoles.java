package io.barberpro.hub.core.roles;

import java.util.Arrays;
import java.util.Locale;
import org.springframework.core.env.Environment;

/** Reads {@code hub.roles}: comma-separated role names; unset or blank means every role. */
public final class HubRoles {

    public static final String PROPERTY = "hub.roles";

    private HubRoles() {
    }

    /** Whether this node plays any of the wanted roles. */
    public static boolean playsAny(Environment environment, HubRole... wanted) {
        String roles = environment.getProperty(PROPERTY, "");
        if (roles.isBlank()) {
            return true;
        }
        return Arrays.stream(roles.split(","))
                .map(r -> r.trim().toLowerCase(Locale.ROOT))
                .anyMatch(r -> Arrays.stream(wanted).anyMatch(role -> role.key().equals(r)));
    }
}
