package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.registry.api.AuthMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One way of proving identity. The chain asks every authenticator in order (mTLS, JWT, API key);
 * each answers only for its own kind of credential, and empty when the request presents none.
 */
interface Authenticator {

    AuthMethod method();

    Mono<AuthResult> authenticate(ServerWebExchange exchange);
}
