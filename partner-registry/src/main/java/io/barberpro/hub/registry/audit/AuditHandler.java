package io.barberpro.hub.registry.audit;

import static io.barberpro.hub.registry.admin.AdminRequests.blocking;

import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.admin.PageRequest;
import java.util.UUID;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /admin/v1/audit?partnerId=&limit=&cursor=}: newest first. */
public class AuditHandler {

    private final JdbcAuditLog audit;

    public AuditHandler(JdbcAuditLog audit) {
        this.audit = audit;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().GET("/admin/v1/audit", this::list).build();
    }

    Mono<ServerResponse> list(ServerRequest request) {
        PageRequest page = PageRequest.of(request);
        UUID partnerId = request.queryParam("partnerId").map(raw -> {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                throw FieldErrors.single("partnerId", "must be a partner id (UUID)");
            }
        }).orElse(null);
        Long beforeId;
        try {
            beforeId = page.cursor() == null ? null : Long.valueOf(page.cursor());
        } catch (NumberFormatException e) {
            throw PageRequest.invalidCursor();
        }
        return blocking(() -> audit.page(partnerId, beforeId, page.limit() + 1))
                .map(fetched -> page.page(request, fetched, entry -> Long.toString(entry.id())))
                .flatMap(result -> ServerResponse.ok().bodyValue(result));
    }
}
