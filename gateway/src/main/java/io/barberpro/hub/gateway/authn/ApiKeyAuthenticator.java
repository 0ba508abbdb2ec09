package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code X-API-Key: <key>} or {@code Authorization: ApiKey <key>}. The registry hashes the key and
 * compares in constant time, and honours expiry and revocation.
 */
final class ApiKeyAuthenticator implements Authenticator {

    private final CredentialLookup lookup;

    ApiKeyAuthenticator(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.API_KEY;
    }

    @Override
    public Mono<AuthResult> authenticate(ServerWebExchange exchange) {
        String key = PresentedCredentials.apiKey(exchange);
        if (key == null) {
            return Mono.empty();
        }
        if (key.isEmpty() || key.length() > PresentedCredentials.MAX_CREDENTIAL_LENGTH) {
            return Mono.just(AuthResult.refused(method(), "malformed"));
        }
        CredentialVerdict verdict = lookup.apiKey(key);
        return Mono.just(AuthResult.of(method(), verdict, verdict.scopes()));
    }
}
