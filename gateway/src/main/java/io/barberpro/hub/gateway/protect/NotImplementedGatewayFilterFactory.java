package io.barberpro.hub.gateway.protect;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.observe.Rejections;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code NotImplemented} in route configuration: answers 501 problem+json for a route whose backend
 * has not landed yet (SOAP, GraphQL, EDI until the integration routes exist). Authentication and
 * rate limiting still apply first, so a partner learns nothing without credentials.
 */
public final class NotImplementedGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private final ProblemWriter problems;

    NotImplementedGatewayFilterFactory(ProblemWriter problems) {
        super(Object.class);
        this.problems = problems;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> {
            Rejections.mark(exchange, Rejections.NOT_IMPLEMENTED);
            return problems.write(exchange, HubError.NOT_IMPLEMENTED,
                    "This interface is not available yet");
        };
    }
}
