package io.barberpro.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class GatewayEnvironmentDefaultsTest {

    private final GatewayEnvironmentDefaults defaults = new GatewayEnvironmentDefaults();

    @Test
    void aNodeWithoutTheGatewayRoleSwitchesSpringCloudGatewayOff() {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.roles", "webhooks,registry");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.enabled")).isEqualTo("false");
    }

    @Test
    void aGatewayNodeKeepsItOnAndLosesOnlyThePerRequestWorkTheHubDoesNotNeed() {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.roles", "gateway");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.enabled")).isNull();
        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.metrics.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.observability.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.handler-mapping.order", Integer.class))
                .isLessThan(-100);
        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.global-filter.websocket-routing.enabled"))
                .isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.route-filter-cache-enabled")).isEqualTo("true");
        assertThat(environment.getProperty("server.http2.enabled")).isEqualTo("false");
        assertThat(environment.getProperty(GatewayEnvironmentDefaults.STOCK_ROUTING_FILTER)).isEqualTo("false");
        assertThat(environment.getProperty(GatewayEnvironmentDefaults.WEIGHT_PREDICATE)).isEqualTo("false");
    }

    @Test
    void explicitConfigurationWinsOverTheDefaults() {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.roles", "webhooks")
                .withProperty("spring.cloud.gateway.server.webflux.enabled", "true");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.enabled")).isEqualTo("true");
    }
}
