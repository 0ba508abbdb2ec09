package io.barberpro.hub.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class InOrderRouteLookupTest {

    private final List<String> evaluated = new CopyOnWriteArrayList<>();
    private volatile List<Route> configured = List.of();
    private final InOrderRouteLookup lookup = new InOrderRouteLookup(new FilteringWebHandler(List.of(), false),
            () -> Flux.fromIterable(configured), new GlobalCorsProperties(), new MockEnvironment());

    @Test
    void theFirstMatchingRouteInOrderWinsAndTheRoutesAfterItAreNotTested() {
        // given
        routes(route("webhooks", false), route("api", true), route("api-too", true));

        // when
        ServerWebExchange exchange = exchange();
        Route found = lookup.lookupRoute(exchange).block();

        // then
        assertThat(found.getId()).isEqualTo("api");
        assertThat(evaluated).containsExactly("webhooks", "api");
        assertThat((String) exchange.getAttribute(GATEWAY_PREDICATE_ROUTE_ATTR)).isEqualTo("api");
    }

    @Test
    void anAsynchronousPredicateIsWaitedForAndTheLookupGoesOnAfterIt() {
        // given: hide() makes the answers non-immediate, like a predicate that calls out
        routes(route("remote-no", e -> Mono.just(false).hide()), route("local-no", false),
                route("remote-yes", e -> Mono.just(true).hide()), route("never", true));

        // when
        Route found = lookup.lookupRoute(exchange()).block();

        // then
        assertThat(found.getId()).isEqualTo("remote-yes");
        assertThat(evaluated).containsExactly("remote-no", "local-no", "remote-yes");
    }

    @Test
    void aPredicateThatFailsSkipsItsRouteOnly() {
        // given
        routes(route("throws", e -> {
            throw new IllegalStateException("broken predicate");
        }), route("errors", e -> Mono.<Boolean>error(new IllegalStateException("broken")).hide()), route("api", true));

        // when
        Route found = lookup.lookupRoute(exchange()).block();

        // then
        assertThat(found.getId()).isEqualTo("api");
        assertThat(evaluated).containsExactly("throws", "errors", "api");
    }

    @Test
    void noMatchingRouteMeansNoRoute() {
        // given
        routes(route("a", false), route("b", e -> Mono.just(false).hide()));

        // when / then
        assertThat(lookup.lookupRoute(exchange()).blockOptional()).isEmpty();
    }

    @Test
    void aRefreshOfTheRoutesIsUsedByTheNextLookup() {
        // given
        routes(route("old", true));
        configured = List.of(route("new", true));

        // when
        lookup.onApplicationEvent(new RefreshRoutesResultEvent(this));

        // then
        assertThat(lookup.lookupRoute(exchange()).block().getId()).isEqualTo("new");
    }

    private void routes(Route... routes) {
        configured = List.of(routes);
        lookup.onApplicationEvent(new RefreshRoutesResultEvent(this));
    }

    private Route route(String id, boolean matches) {
        return route(id, e -> Mono.just(matches));
    }

    private Route route(String id, Function<ServerWebExchange, Publisher<Boolean>> answer) {
        return Route.async().id(id).uri("http://upstream.test")
                .asyncPredicate(exchange -> {
                    evaluated.add(id);
                    return answer.apply(exchange);
                })
                .build();
    }

    private static ServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/providers"));
    }
}
