package io.barberpro.hub.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.cloud.gateway.route.Route;

/**
 * A value worked out once per route, keyed by route id and worked out again when the route changes.
 * Spring Cloud Gateway keeps its {@link Route} objects until the routes are refreshed, so the route's
 * identity says whether an entry is current ({@code getMetadata()} hands out a new view on every call
 * and cannot serve as that check).
 */
public final class PerRoute<T> {

    private record Entry<T>(Route route, T value) {
    }

    private final Map<String, Entry<T>> byRouteId = new ConcurrentHashMap<>();
    private final Function<Route, T> compute;

    public PerRoute(Function<Route, T> compute) {
        this.compute = compute;
    }

    public T get(Route route) {
        Entry<T> entry = byRouteId.get(route.getId());
        if (entry == null || entry.route() != route) {
            entry = new Entry<>(route, compute.apply(route));
            byRouteId.put(route.getId(), entry);
        }
        return entry.value();
    }
}
