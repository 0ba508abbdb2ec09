package io.barberpro.hub.webhooks;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.barberpro.hub.webhooks.endpoint.EndpointRequest;
import io.barberpro.hub.webhooks.endpoint.EndpointService;
import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One Spring context for every webhooks integration test: real PostgreSQL (schema
 * {@code webhooks_it}), two background delivery workers, a mutable clock, and a WireMock receiver
 * per test class standing in for the partner.
 */
@SpringBootTest(classes = WebhooksTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class WebhooksIntegrationTestBase {

    protected static WireMockServer receiver;

    @Autowired
    protected MutableClock clock;
    @Autowired
    protected Outbox outbox;
    @Autowired
    protected EndpointService endpoints;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected TransactionTemplate transactions;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void cleanSlate() {
        clock.set(Instant.now());
        jdbc.sql("truncate webhook_attempts, webhook_deliveries, webhook_endpoint_secrets, webhook_endpoints, webhook_events")
                .update();
        receiver.resetAll();
    }

    protected String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    protected EndpointService.Created endpoint(UUID partner, String path) {
        return endpoints.create(partner, new EndpointRequest(receiverUrl(path), null, null, null, null, null, null));
    }

    protected UUID publish(UUID partner, String type, Map<String, Object> data) {
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.append(new OutboxEvent(id, type, partner, clock.instant(), data)));
        return id;
    }

    protected List<LoggedRequest> received(String path) {
        return receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(path)));
    }

    protected int attempts(UUID eventId) {
        return jdbc.sql("select count(*) from webhook_attempts where event_id = :id").param("id", eventId).query(Integer.class).single();
    }

    protected String deliveryStatus(UUID eventId) {
        return jdbc.sql("select status from webhook_deliveries where event_id = :id").param("id", eventId).query(String.class).single();
    }

    protected Instant nextAttemptAt(UUID eventId) {
        return jdbc.sql("select next_attempt_at from webhook_deliveries where event_id = :id").param("id", eventId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }

    protected static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20));
    }
}
