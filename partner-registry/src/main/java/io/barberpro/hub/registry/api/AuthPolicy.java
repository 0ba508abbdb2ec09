package io.barberpro.hub.registry.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which authentication methods a partner may use, and which it must present together
 * (e.g. {@code required = {MTLS}}: every request needs the client certificate, whatever else it carries).
 */
public record AuthPolicy(Set<AuthMethod> allowed, Set<AuthMethod> required) {

    public static final AuthPolicy ANY = new AuthPolicy(EnumSet.allOf(AuthMethod.class), Set.of());

    public AuthPolicy {
        allowed = Set.copyOf(allowed);
        required = Set.copyOf(required);
        if (!allowed.containsAll(required)) {
            throw new IllegalArgumentException("required methods must also be allowed");
        }
    }
}
