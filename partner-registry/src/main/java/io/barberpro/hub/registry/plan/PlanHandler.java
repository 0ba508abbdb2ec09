package io.barberpro.hub.registry.plan;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;

import io.barberpro.hub.registry.admin.AdminRequests;
import java.net.URI;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/plans}: list, create, get. */
public class PlanHandler {

    private final PlanService plans;
    private final AdminRequests requests;

    public PlanHandler(PlanService plans, AdminRequests requests) {
        this.plans = plans;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/admin/v1/plans", this::list)
                .POST("/admin/v1/plans", this::create)
                .GET("/admin/v1/plans/{name}", this::get)
                .build();
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return blocking(plans::list).flatMap(list -> ServerResponse.ok().bodyValue(java.util.Map.of("items", list)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        String name = request.pathVariable("name");
        return blocking(() -> plans.get(name)).flatMap(plan -> ServerResponse.ok().bodyValue(plan));
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return requests.body(request, CreatePlanRequest.class)
                .flatMap(body -> blocking(() -> plans.create(actor(request), body)))
                .flatMap(plan -> ServerResponse.created(URI.create("/admin/v1/plans/" + plan.name())).bodyValue(plan));
    }
}
