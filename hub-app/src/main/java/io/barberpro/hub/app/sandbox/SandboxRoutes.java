package io.barberpro.hub.app.sandbox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The booking platform's REST surface; every operation acts for the partner in {@code X-Partner-Id}. As any
 * general-purpose HTTP server must (RFC 9110 §9.1), every GET also answers HEAD; a method a path does not serve
 * gets 405 with {@code Allow}, a path nothing serves 404.
 */
final class SandboxRoutes {

    static final String BASE = "/api/v1";

    private SandboxRoutes() {
    }

    static RouterFunction<ServerResponse> router(ProviderHandler providers, BookingHandler bookings) {
        List<Operation> operations = List.of(
                new Operation(HttpMethod.GET, "/providers", providers::list),
                new Operation(HttpMethod.GET, "/providers/{id}", providers::get),
                new Operation(HttpMethod.GET, "/providers/{id}/availability", providers::availability),
                new Operation(HttpMethod.POST, "/bookings", bookings::create),
                new Operation(HttpMethod.GET, "/bookings", bookings::list),
                new Operation(HttpMethod.GET, "/bookings/{id}", bookings::get),
                new Operation(HttpMethod.POST, "/bookings/{id}/cancel", bookings::cancel));
        RouterFunctions.Builder api = RouterFunctions.route();
        for (Operation operation : operations) {
            api.route(operation.matching(), operation.handler());
        }
        return api.filter(PartnerIds::require).build()
                .and(RouterFunctions.route(RequestPredicates.all(), request -> notServed(request, operations)));
    }

    private static Mono<ServerResponse> notServed(ServerRequest request, List<Operation> operations) {
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Operation operation : operations) {
            if (operation.path().test(request)) {
                allowed.addAll(operation.methods());
            }
        }
        if (allowed.isEmpty()) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return Mono.error(new MethodNotAllowedException(request.method(), allowed));
    }

    private record Operation(HttpMethod method, String pattern, HandlerFunction<ServerResponse> handler) {

        List<HttpMethod> methods() {
            return method == HttpMethod.GET ? List.of(HttpMethod.GET, HttpMethod.HEAD) : List.of(method);
        }

        RequestPredicate path() {
            return RequestPredicates.path(BASE + pattern);
        }

        RequestPredicate matching() {
            return RequestPredicates.methods(methods().toArray(HttpMethod[]::new)).and(path());
        }
    }
}
