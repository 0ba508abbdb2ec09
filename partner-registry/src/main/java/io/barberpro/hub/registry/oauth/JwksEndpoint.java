package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.registry.api.HubTokenKeys;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /.well-known/jwks.json}: the public halves of the signing keys, from memory. */
final class JwksEndpoint {

    static final String PATH = "/.well-known/jwks.json";
    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final HubTokenKeys keys;
    private final Duration maxAge;

    JwksEndpoint(HubTokenKeys keys, Duration maxAge) {
        this.keys = keys;
        this.maxAge = maxAge;
    }

    Mono<ServerResponse> jwks(ServerRequest request) {
        // short max-age: after a rotation verifiers must see the new key soon (they also refetch on an unknown kid)
        return ServerResponse.ok()
                .contentType(JWK_SET)
                .cacheControl(CacheControl.maxAge(maxAge).cachePublic())
                .bodyValue(keys.publicKeys().toString(true));
    }
}
