package io.barberpro.hub.webhooks.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Cluster mode: booking changes go to the platform topic (keyed by partner), like the real core
 * platform's; {@link PlatformEventIngestor} takes them into the outbox. Returns once the broker
 * acknowledged, so a booking answered as done has its event durably recorded.
 */
public class KafkaPlatformEventSink implements PlatformEventSink {

    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final String topic;

    public KafkaPlatformEventSink(KafkaTemplate<String, String> kafka, ObjectMapper json, String topic) {
        this.kafka = kafka;
        this.json = json;
        this.topic = topic;
    }

    @Override
    public void accept(PlatformEvent event) {
        try {
            kafka.send(topic, event.partnerId().toString(), json.writeValueAsString(event)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing a platform event", e);
        } catch (Exception e) {
            throw new IllegalStateException("The platform event was not acknowledged by Kafka", e);
        }
    }
}
