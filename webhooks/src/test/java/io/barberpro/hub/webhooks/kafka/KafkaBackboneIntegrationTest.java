package io.barberpro.hub.webhooks.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import io.barberpro.hub.webhooks.api.PlatformEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

@EmbeddedKafka(kraft = true, partitions = 3, topics = {KafkaBackboneIntegrationTest.EVENTS, KafkaBackboneIntegrationTest.PLATFORM})
@DirtiesContext
@TestPropertySource(properties = {
        "hub.webhooks.kafka.enabled=true",
        "hub.webhooks.kafka.relay-interval=20ms",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
class KafkaBackboneIntegrationTest extends WebhooksIntegrationTestBase {

    static final String EVENTS = "hub.webhooks.events";
    static final String PLATFORM = "barberpro.platform.events";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    ObjectMapper json;

    @Test
    void theRelayPublishesEveryOutboxEventKeyedByPartnerAndMarksItPublished() throws Exception {
        // given
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (Consumer<String, String> consumer = consumer("relay-check")) {
            // when
            List<UUID> events = List.of(publish(first, "booking.created", Map.of("bookingId", "bk-k1")),
                    publish(first, "booking.cancelled", Map.of("bookingId", "bk-k1")),
                    publish(second, "booking.created", Map.of("bookingId", "bk-k2")));

            // then
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            eventually().atMost(Duration.ofSeconds(30)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(records::add);
                return records.stream().filter(r -> events.contains(id(r))).count() >= 3;
            });
            assertThat(records).filteredOn(r -> events.contains(id(r)))
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(json.readTree(r.value()).get("partnerId").asText()))
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(first.toString(), first.toString(), second.toString());
            JsonNode cancelled = records.stream().map(this::tree).filter(t -> t.get("type").asText().equals("booking.cancelled"))
                    .findFirst().orElseThrow();
            assertThat(cancelled.at("/data/bookingId").asText()).isEqualTo("bk-k1");
            eventually().until(() -> jdbc.sql("select count(*) from webhook_events where published_to_kafka_at is null")
                    .query(Integer.class).single() == 0);
        }
    }

    @Test
    void aPlatformEventConsumedTwiceIsIngestedAndDeliveredOnce() throws Exception {
        // given
        receiver.stubFor(post(urlEqualTo("/platform")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();
        endpoint(partner, "/platform");
        PlatformEvent event = new PlatformEvent(UUID.randomUUID(), "booking.created", partner, clock.instant(),
                Map.of("bookingId", "bk-plat", "service", "corte y barba"));
        String message = json.writeValueAsString(event);

        // when: the same record arrives twice (a redelivery after a consumer crash looks exactly like this)
        kafka.send(PLATFORM, partner.toString(), message).get();
        kafka.send(PLATFORM, partner.toString(), message).get();

        // then
        eventually().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from webhook_events where id = :id")
                .param("id", event.eventId()).query(Integer.class).single() == 1);
        eventually().until(() -> deliveryStatus(event.eventId()).equals("DELIVERED"));
        KafkaPlatformEventSink sink = new KafkaPlatformEventSink(kafka, json, PLATFORM);
        sink.accept(event);
        UUID marker = UUID.randomUUID();
        sink.accept(new PlatformEvent(marker, "booking.created", partner, clock.instant(), Map.of("bookingId", "bk-marker")));
        eventually().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from webhook_events where id = :id")
                .param("id", marker).query(Integer.class).single() == 1);
        assertThat(jdbc.sql("select count(*) from webhook_events where id = :id").param("id", event.eventId())
                .query(Integer.class).single()).isOne();
        eventually().until(() -> deliveryStatus(marker).equals("DELIVERED"));
        assertThat(received("/platform")).hasSize(2);
    }

    private Consumer<String, String> consumer(String group) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(group, "false", broker);
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        broker.consumeFromAnEmbeddedTopic(consumer, EVENTS);
        return consumer;
    }

    private UUID id(ConsumerRecord<String, String> record) {
        return UUID.fromString(tree(record).get("id").asText());
    }

    private JsonNode tree(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
