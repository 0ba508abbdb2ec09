package io.barberpro.hub.app.sandbox;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The booking platform's REST surface; every operation acts for the partner in {@code X-Partner-Id}. */
final class SandboxRoutes {

    static final String BASE = "/api/v1";

    private SandboxRoutes() {
    }

    static RouterFunction<ServerResponse> router(ProviderHandler providers, BookingHandler bookings) {
        return route()
                .path(BASE, api -> api
                        .GET("/providers", providers::list)
                        .GET("/providers/{id}", providers::get)
                        .GET("/providers/{id}/availability", providers::availability)
                        .POST("/bookings", bookings::create)
                        .GET("/bookings", bookings::list)
                        .GET("/bookings/{id}", bookings::get)
                        .POST("/bookings/{id}/cancel", bookings::cancel)
                        .filter(PartnerIds::require))
                .build();
    }
}
