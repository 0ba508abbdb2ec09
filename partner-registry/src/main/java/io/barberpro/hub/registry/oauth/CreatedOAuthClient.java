package io.barberpro.hub.registry.oauth;

import java.util.Set;

/** A new OAuth2 client; {@code clientSecret} is shown to the partner once and never stored. */
public record CreatedOAuthClient(String clientId, String clientSecret, Set<String> scopes) {

    public CreatedOAuthClient {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "CreatedOAuthClient[clientId=" + clientId + ", scopes=" + scopes + "]";
    }
}
