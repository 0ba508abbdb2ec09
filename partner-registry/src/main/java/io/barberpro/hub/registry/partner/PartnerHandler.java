package io.barberpro.hub.registry.partner;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;
import static io.barberpro.hub.registry.admin.AdminRequests.uuid;

import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.admin.PageRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/partners/**}: the partner resource, its lifecycle, rate limit and auth policy. */
public class PartnerHandler {

    private final PartnerService partners;
    private final AdminRequests requests;

    public PartnerHandler(PartnerService partners, AdminRequests requests) {
        this.partners = partners;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/v1/partners", this::create)
                .GET("/admin/v1/partners", this::list)
                .GET("/admin/v1/partners/{id}", this::get)
                .PATCH("/admin/v1/partners/{id}", this::update)
                .DELETE("/admin/v1/partners/{id}", this::offboard)
                .POST("/admin/v1/partners/{id}/activate", this::activate)
                .POST("/admin/v1/partners/{id}/suspend", this::suspend)
                .POST("/admin/v1/partners/{id}/reactivate", this::reactivate)
                .GET("/admin/v1/partners/{id}/transitions", this::transitions)
                .PUT("/admin/v1/partners/{id}/rate-limit", this::setRateLimit)
                .DELETE("/admin/v1/partners/{id}/rate-limit", this::clearRateLimit)
                .PUT("/admin/v1/partners/{id}/auth-policy", this::setAuthPolicy)
                .build();
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return requests.body(request, NewPartner.class)
                .flatMap(body -> blocking(() -> partners.create(actor(request), body)))
                .flatMap(partner -> ServerResponse.created(URI.create("/admin/v1/partners/" + partner.id()))
                        .bodyValue(partner));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        PageRequest page = PageRequest.of(request);
        Instant afterCreatedAt;
        UUID afterId;
        if (page.cursor() == null) {
            afterCreatedAt = null;
            afterId = null;
        } else {
            String[] parts = page.cursor().split("\\|", 2);
            try {
                afterCreatedAt = Instant.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw PageRequest.invalidCursor();
            }
        }
        return blocking(() -> partners.page(afterCreatedAt, afterId, page.limit() + 1))
                .map(fetched -> page.page(request, fetched, p -> p.createdAt() + "|" + p.id()))
                .flatMap(result -> ServerResponse.ok().bodyValue(result));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID id = uuid(request, "id");
        return blocking(() -> partners.get(id)).flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> update(ServerRequest request) {
        UUID id = uuid(request, "id");
        return requests.body(request, PartnerChanges.class)
                .flatMap(body -> blocking(() -> partners.update(actor(request), id, body)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> activate(ServerRequest request) {
        UUID id = uuid(request, "id");
        return reason(request).flatMap(reason -> blocking(() -> partners.activate(actor(request), id, reason.isEmpty() ? null : reason)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> suspend(ServerRequest request) {
        UUID id = uuid(request, "id");
        return reason(request).flatMap(reason -> blocking(() -> partners.suspend(actor(request), id, reason.isEmpty() ? null : reason)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> reactivate(ServerRequest request) {
        UUID id = uuid(request, "id");
        return reason(request).flatMap(reason -> blocking(() -> partners.reactivate(actor(request), id, reason.isEmpty() ? null : reason)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    /** {@code DELETE} offboards: the partner record stays (audit, history), its credentials are revoked. */
    Mono<ServerResponse> offboard(ServerRequest request) {
        UUID id = uuid(request, "id");
        return reason(request)
                .map(reason -> reason.isEmpty() ? request.queryParam("reason").orElse("") : reason)
                .flatMap(reason -> blocking(() -> partners.offboard(actor(request), id, reason.isEmpty() ? null : reason)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> transitions(ServerRequest request) {
        UUID id = uuid(request, "id");
        return blocking(() -> partners.transitions(id))
                .flatMap(list -> ServerResponse.ok().bodyValue(Map.of("items", list)));
    }

    Mono<ServerResponse> setRateLimit(ServerRequest request) {
        UUID id = uuid(request, "id");
        return requests.body(request, RateLimitOverride.class)
                .flatMap(body -> blocking(() -> partners.setRateLimit(actor(request), id, body)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> clearRateLimit(ServerRequest request) {
        UUID id = uuid(request, "id");
        return blocking(() -> partners.setRateLimit(actor(request), id, null))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    Mono<ServerResponse> setAuthPolicy(ServerRequest request) {
        UUID id = uuid(request, "id");
        return requests.body(request, AuthPolicyRequest.class)
                .flatMap(body -> blocking(() -> partners.setAuthPolicy(actor(request), id, body)))
                .flatMap(p -> ServerResponse.ok().bodyValue(p));
    }

    /** The optional {@code {reason}} body; empty string when absent. */
    private Mono<String> reason(ServerRequest request) {
        return requests.optionalBody(request, TransitionRequest.class)
                .map(body -> body.reason() == null ? "" : body.reason())
                .defaultIfEmpty("");
    }
}
