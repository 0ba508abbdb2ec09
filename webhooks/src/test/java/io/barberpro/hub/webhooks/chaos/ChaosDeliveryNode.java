package io.barberpro.hub.webhooks.chaos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;

/**
 * A delivering hub node in its own JVM, started (and SIGKILLed) by {@link CrashSafetyIntegrationTest}
 * and {@code bench/chaos-webhooks.sh}. Real clock, the webhooks role only, settings from arguments.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChaosDeliveryNode {

    public static final String READY = "CHAOS-NODE-READY";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ChaosDeliveryNode.class);
        app.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent) {
                System.out.println(READY);
                System.out.flush();
            }
        });
        app.run(args);
    }
}
