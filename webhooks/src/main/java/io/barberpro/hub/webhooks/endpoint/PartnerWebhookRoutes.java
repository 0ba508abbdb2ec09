package io.barberpro.hub.webhooks.endpoint;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.webhooks.delivery.JdbcDeliveryLog;
import java.util.UUID;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The partner's own webhooks API. Partners call {@code /api/v1/webhooks/...} on the edge; the
 * gateway authenticates them, sets {@code X-Partner-Id} and forwards in-process to
 * {@value #BASE}. The handler trusts {@code X-Partner-Id} only on a request that a gateway route
 * forwarded (the gateway marks the exchange with its route); a request sent straight to the
 * internal path matches nothing here and ends as 404, so a forged header gets nowhere.
 */
public final class PartnerWebhookRoutes {

    public static final String BASE = "/internal/partner-api/v1/webhooks";
    public static final String PARTNER_HEADER = "X-Partner-Id";
    /** {@code ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR}, named here so webhooks need not depend on the gateway. */
    public static final String GATEWAY_ROUTE_ATTRIBUTE = "org.springframework.cloud.gateway.support.ServerWebExchangeUtils.gatewayRoute";

    private PartnerWebhookRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(EndpointService endpoints, JdbcDeliveryLog log) {
        RequestPredicate viaGateway = request -> request.attribute(GATEWAY_ROUTE_ATTRIBUTE).isPresent();
        return RouterFunctions.nest(viaGateway, WebhookRoutes.partner(BASE, endpoints, log, PartnerWebhookRoutes::partnerOf));
    }

    private static UUID partnerOf(ServerRequest request) {
        String header = request.headers().firstHeader(PARTNER_HEADER);
        if (header == null) {
            throw new HubProblemException(HubError.UNAUTHENTICATED, "The request carries no partner identity");
        }
        try {
            return UUID.fromString(header);
        } catch (IllegalArgumentException e) {
            throw new HubProblemException(HubError.UNAUTHENTICATED, "The request carries no valid partner identity");
        }
    }
}
