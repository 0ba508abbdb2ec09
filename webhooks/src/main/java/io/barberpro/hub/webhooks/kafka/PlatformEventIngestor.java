package io.barberpro.hub.webhooks.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.outbox.InProcessPlatformEventSink;
import io.barberpro.hub.webhooks.outbox.Outbox;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes the platform's booking events into the outbox. Offsets are committed after the outbox
 * transaction, so a crash replays records; {@link Outbox#append} ignores an event id it already
 * has, which makes the whole path exactly-once in effect.
 */
public class PlatformEventIngestor implements SmartLifecycle {

    private final ConcurrentMessageListenerContainer<String, String> container;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;

    public PlatformEventIngestor(ConsumerFactory<String, String> consumers, String topic, String groupId, Outbox outbox,
                                 TransactionTemplate transactions, ObjectMapper json) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.json = json;
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId(groupId);
        properties.setKafkaConsumerProperties(toProperties(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")));
        properties.setMessageListener((MessageListener<String, String>) this::onRecord);
        this.container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        this.container.setBeanName("webhooks-platform-events");
    }

    /** @return true when the event was new */
    public boolean ingest(String message) {
        PlatformEvent event;
        try {
            event = json.readValue(message, PlatformEvent.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a platform event", e);
        }
        return Boolean.TRUE.equals(transactions.execute(tx -> outbox.append(InProcessPlatformEventSink.toOutboxEvent(event))));
    }

    private void onRecord(ConsumerRecord<String, String> record) {
        ingest(record.value());
    }

    private static java.util.Properties toProperties(Map<String, String> values) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(values);
        return properties;
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
