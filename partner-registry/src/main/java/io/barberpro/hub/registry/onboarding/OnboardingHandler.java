package io.barberpro.hub.registry.onboarding;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;

import io.barberpro.hub.registry.admin.AdminRequests;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /admin/v1/onboarding}. A replay for a known {@code Idempotency-Key} answers with the
 * stored status and body and the header {@code Idempotent-Replayed: true}.
 */
public class OnboardingHandler {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final OnboardingService onboarding;
    private final AdminRequests requests;

    public OnboardingHandler(OnboardingService onboarding, AdminRequests requests) {
        this.onboarding = onboarding;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST("/admin/v1/onboarding", this::onboard).build();
    }

    Mono<ServerResponse> onboard(ServerRequest request) {
        String idempotencyKey = request.headers().firstHeader(IDEMPOTENCY_KEY);
        return requests.body(request, OnboardingRequest.class)
                .flatMap(body -> blocking(() -> onboarding.onboard(actor(request), body, idempotencyKey)))
                .flatMap(outcome -> {
                    ServerResponse.BodyBuilder response = ServerResponse.status(outcome.status())
                            .contentType(MediaType.APPLICATION_JSON)
                            .cacheControl(CacheControl.noStore());
                    if (outcome.replayed()) {
                        response.header(REPLAYED, "true");
                    } else {
                        response.location(URI.create("/admin/v1/partners/" + outcome.partnerId()));
                    }
                    return response.bodyValue(outcome.body());
                });
    }
}
