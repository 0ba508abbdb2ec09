package io.barberpro.hub.registry.partner;

import java.util.List;

/** {@code PUT /admin/v1/partners/{id}/auth-policy}: method names {@code MTLS}, {@code OAUTH2_JWT}, {@code API_KEY}. */
public record AuthPolicyRequest(List<String> allowed, List<String> required) {
}
