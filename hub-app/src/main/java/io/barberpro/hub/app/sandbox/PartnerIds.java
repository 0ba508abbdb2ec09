package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.UUID;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The partner a request acts for, as named by the gateway in {@code X-Partner-Id} (the registry's
 * partner id). The platform trusts the header because only the gateway can reach it.
 */
final class PartnerIds {

    static final String HEADER = "X-Partner-Id";
    private static final String ATTRIBUTE = PartnerIds.class.getName() + ".partnerId";

    private PartnerIds() {
    }

    /** Router filter: no well-formed partner id, no access. */
    static Mono<ServerResponse> require(ServerRequest request, HandlerFunction<ServerResponse> next) {
        String header = request.headers().firstHeader(HEADER);
        if (header == null || header.isBlank()) {
            return Mono.error(new HubProblemException(HubError.UNAUTHENTICATED, "The " + HEADER + " header is required"));
        }
        UUID partnerId;
        try {
            partnerId = UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            return Mono.error(new HubProblemException(HubError.UNAUTHENTICATED, "The " + HEADER + " header is not a partner id"));
        }
        request.attributes().put(ATTRIBUTE, partnerId);
        return next.handle(request);
    }

    static UUID of(ServerRequest request) {
        return (UUID) request.attribute(ATTRIBUTE)
                .orElseThrow(() -> new IllegalStateException("PartnerIds.require did not run"));
    }
}
