package io.barberpro.hub.webhooks.endpoint;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.webhooks.delivery.JdbcDeliveryLog;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The webhooks HTTP API, mounted twice: for operators under
 * {@code /admin/v1/partners/{partnerId}/webhooks} (admin listener, admin token) and for partners
 * behind the gateway, where the partner comes from the identity the gateway established.
 */
public final class WebhookRoutes {

    public static final String ADMIN_BASE = "/admin/v1/partners/{partnerId}/webhooks";

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    record RotateRequest(Duration overlap) {
    }

    record ReplayRequest(Instant since) {
    }

    record Page<T>(List<T> items, Object next) {
    }

    private final EndpointService endpoints;
    private final JdbcDeliveryLog log;
    private final Function<ServerRequest, UUID> partnerOf;

    private WebhookRoutes(EndpointService endpoints, JdbcDeliveryLog log, Function<ServerRequest, UUID> partnerOf) {
        this.endpoints = endpoints;
        this.log = log;
        this.partnerOf = partnerOf;
    }

    public static RouterFunction<ServerResponse> admin(EndpointService endpoints, JdbcDeliveryLog log) {
        return new WebhookRoutes(endpoints, log, r -> uuid(r.pathVariable("partnerId"))).routes(ADMIN_BASE);
    }

    /** @param partnerOf the authenticated partner of a request; throws a problem when there is none */
    public static RouterFunction<ServerResponse> partner(String base, EndpointService endpoints, JdbcDeliveryLog log,
                                                         Function<ServerRequest, UUID> partnerOf) {
        return new WebhookRoutes(endpoints, log, partnerOf).routes(base);
    }

    private RouterFunction<ServerResponse> routes(String base) {
        String one = base + "/endpoints/{id}";
        return RouterFunctions.route()
                .GET(base + "/endpoints", this::list)
                .POST(base + "/endpoints", this::create)
                .GET(one, r -> ok(() -> endpoints.get(partner(r), id(r))))
                .PATCH(one, r -> r.bodyToMono(EndpointRequest.class)
                        .switchIfEmpty(Mono.error(() -> new HubProblemException(HubError.BAD_REQUEST, "A body is required")))
                        .flatMap(patch -> ok(() -> endpoints.update(partner(r), id(r), patch))))
                .DELETE(one, r -> blocking(() -> {
                    endpoints.delete(partner(r), id(r));
                    return true;
                }).then(ServerResponse.noContent().build()))
                .POST(one + "/rotate-secret", r -> r.bodyToMono(RotateRequest.class).defaultIfEmpty(new RotateRequest(null))
                        .flatMap(body -> ok(() -> endpoints.rotate(partner(r), id(r), body.overlap()))))
                .POST(one + "/test", r -> ok(() -> endpoints.test(partner(r), id(r))))
                .GET(one + "/attempts", r -> ok(() -> {
                    List<JdbcDeliveryLog.AttemptEntry> items = log.attemptsOfEndpoint(partner(r), id(r), cursor(r, "before"), limit(r));
                    return new Page<>(items, items.size() == limit(r) ? items.get(items.size() - 1).id() : null);
                }))
                .GET(one + "/deliveries", r -> ok(() -> {
                    String status = r.queryParam("status").map(s -> s.toUpperCase(java.util.Locale.ROOT)).orElse(null);
                    List<JdbcDeliveryLog.DeliveryEntry> items = log.deliveriesOfEndpoint(partner(r), id(r), status, cursor(r, "before"), limit(r));
                    return new Page<>(items, items.size() == limit(r) ? items.get(items.size() - 1).id() : null);
                }))
                .POST(one + "/replay", r -> r.bodyToMono(ReplayRequest.class)
                        .filter(body -> body.since() != null)
                        .switchIfEmpty(Mono.error(() -> new HubProblemException(HubError.VALIDATION_FAILED,
                                "since (an RFC 3339 time) is required")))
                        .flatMap(body -> ok(() -> {
                            endpoints.get(partner(r), id(r));
                            return Map.of("replayed", log.replayFailedSince(partner(r), id(r), body.since()));
                        })))
                .POST(base + "/deliveries/{deliveryId}/replay", r -> ok(() -> {
                    long deliveryId = longValue(r.pathVariable("deliveryId"));
                    if (!log.replay(partner(r), deliveryId)) {
                        throw new HubProblemException(HubError.NOT_FOUND, "No such delivery, or it is being attempted right now");
                    }
                    return Map.of("replayed", 1);
                }))
                .GET(base + "/events/{eventId}/attempts", r -> ok(() -> {
                    List<JdbcDeliveryLog.AttemptEntry> items = log.attemptsOfEvent(partner(r), uuid(r.pathVariable("eventId")),
                            cursor(r, "after"), limit(r));
                    return new Page<>(items, items.size() == limit(r) ? items.get(items.size() - 1).id() : null);
                }))
                .build();
    }

    private Mono<ServerResponse> list(ServerRequest r) {
        int offset = r.queryParam("offset").map(WebhookRoutes::intValue).orElse(0);
        return ok(() -> {
            List<WebhookEndpoint> items = endpoints.list(partner(r), limit(r), Math.max(0, offset));
            return new Page<>(items, items.size() == limit(r) ? offset + items.size() : null);
        });
    }

    private Mono<ServerResponse> create(ServerRequest r) {
        return r.bodyToMono(EndpointRequest.class)
                .switchIfEmpty(Mono.error(() -> new HubProblemException(HubError.BAD_REQUEST, "A body is required")))
                .flatMap(body -> blocking(() -> endpoints.create(partner(r), body)))
                .flatMap(created -> ServerResponse.created(URI.create(r.path() + "/" + created.endpoint().id()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(created));
    }

    private UUID partner(ServerRequest r) {
        return partnerOf.apply(r);
    }

    private static UUID id(ServerRequest r) {
        return uuid(r.pathVariable("id"));
    }

    private static int limit(ServerRequest r) {
        return r.queryParam("limit").map(WebhookRoutes::intValue).map(l -> Math.max(1, Math.min(MAX_LIMIT, l))).orElse(DEFAULT_LIMIT);
    }

    private static Long cursor(ServerRequest r, String name) {
        return r.queryParam(name).map(WebhookRoutes::longValue).orElse(null);
    }

    static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new HubProblemException(HubError.NOT_FOUND, "No such resource");
        }
    }

    private static int intValue(String text) {
        return (int) Math.min(Integer.MAX_VALUE, longValue(text));
    }

    private static long longValue(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HubProblemException(HubError.BAD_REQUEST, "'" + text + "' is not a number");
        }
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static Mono<ServerResponse> ok(Callable<?> work) {
        return blocking(work).flatMap(body -> ServerResponse.status(HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }
}
