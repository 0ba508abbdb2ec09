package io.barberpro.hub.registry.oauth;

import java.util.List;

/** Body of {@code POST /admin/v1/partners/{id}/oauth-clients}; no scopes = a client with none. */
public record NewOAuthClientRequest(List<String> scopes) {

    public static final NewOAuthClientRequest NO_SCOPES = new NewOAuthClientRequest(List.of());
}
