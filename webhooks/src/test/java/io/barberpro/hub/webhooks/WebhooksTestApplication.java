package io.barberpro.hub.webhooks;

import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The webhooks module on its own, with a clock the tests control. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebhooksTestApplication {

    @Bean
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }

}
