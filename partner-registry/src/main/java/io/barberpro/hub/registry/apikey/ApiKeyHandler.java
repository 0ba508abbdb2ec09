package io.barberpro.hub.registry.apikey;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;
import static io.barberpro.hub.registry.admin.AdminRequests.uuid;

import io.barberpro.hub.registry.admin.AdminRequests;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/partners/{id}/api-keys}: create (key shown once), list (never the key), revoke. */
public class ApiKeyHandler {

    private final ApiKeyService keys;
    private final AdminRequests requests;

    public ApiKeyHandler(ApiKeyService keys, AdminRequests requests) {
        this.keys = keys;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/v1/partners/{id}/api-keys", this::create)
                .GET("/admin/v1/partners/{id}/api-keys", this::list)
                .DELETE("/admin/v1/partners/{id}/api-keys/{keyId}", this::revoke)
                .build();
    }

    Mono<ServerResponse> create(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return requests.optionalBody(request, NewApiKey.class)
                .defaultIfEmpty(NewApiKey.DEFAULT)
                .flatMap(body -> blocking(() -> keys.create(actor(request), partnerId, body)))
                .flatMap(created -> ServerResponse
                        .created(URI.create("/admin/v1/partners/" + partnerId + "/api-keys/" + created.id()))
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(created));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return blocking(() -> keys.list(partnerId))
                .flatMap(list -> ServerResponse.ok().bodyValue(Map.of("items", list)));
    }

    Mono<ServerResponse> revoke(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID keyId = uuid(request, "keyId");
        return blocking(() -> {
            keys.revoke(actor(request), partnerId, keyId);
            return partnerId;
        }).flatMap(done -> ServerResponse.noContent().build());
    }
}
