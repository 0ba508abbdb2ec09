package io.barberpro.hub.webhooks;

import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The webhooks module on its own, with a clock the tests control. Spring Cloud Gateway is on the
 * test classpath with the {@code partner-webhooks} forward route (application.yml), so the partner
 * API is exercised through a real gateway route; the hub's authentication filters are not here,
 * so in these tests the caller's own {@code X-Partner-Id} passes through.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebhooksTestApplication {

    /**
     * One clock for every context in the test JVM: contexts cached side by side each run workers on
     * the same tables, and they must agree on what time it is.
     */
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Bean
    MutableClock clock() {
        return CLOCK;
    }


}
