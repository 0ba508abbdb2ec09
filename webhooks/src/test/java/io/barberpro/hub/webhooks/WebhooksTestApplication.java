package io.barberpro.hub.webhooks;

import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import io.barberpro.hub.webhooks.endpoint.PartnerWebhookRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/** The webhooks module on its own, with a clock the tests control. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebhooksTestApplication {

    @Bean
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }

    /**
     * Stands in for the gateway's in-process forward: a request carrying {@value #SIMULATED_ROUTE}
     * gets the attribute a gateway route leaves on the exchange. The real gateway strips unknown
     * headers from partners, so this exists in tests only.
     */
    @Bean
    WebFilter simulatedGatewayRoute() {
        return (exchange, chain) -> {
            if (exchange.getRequest().getHeaders().containsKey(SIMULATED_ROUTE)) {
                exchange.getAttributes().put(PartnerWebhookRoutes.GATEWAY_ROUTE_ATTRIBUTE, "partner-webhooks");
            }
            return chain.filter(exchange);
        };
    }

    public static final String SIMULATED_ROUTE = "X-Test-Gateway-Route";

}
