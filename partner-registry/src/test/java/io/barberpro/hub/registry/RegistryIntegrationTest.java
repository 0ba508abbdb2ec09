package io.barberpro.hub.registry;

import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.partner.PartnerCredentialRevoker;
import io.barberpro.hub.registry.testing.MutableClock;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import io.barberpro.hub.registry.testing.RegistryTestApplication;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import java.net.URI;
import io.barberpro.hub.registry.api.events.RegistryEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One Spring context for every registry integration test: the registry on a random admin port,
 * real PostgreSQL (schema {@code registry_it}), a {@link MutableClock}. Tests use unique slugs, so
 * they never depend on what earlier runs left in the schema.
 */
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("registry-it")
@Import(RegistryIntegrationTest.FailingRevokerConfiguration.class)
public abstract class RegistryIntegrationTest {

    protected static final String ADMIN_TOKEN = "test-admin-token-registry-it-0123456789abcdef";

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected RegistryFixtures fixtures;
    @Autowired
    protected CredentialLookup lookup;
    @Autowired
    protected FailingRevoker failingRevoker;
    @Autowired
    protected RecordingWebhookProvisioner webhookProvisioner;
    @Autowired
    protected RecordedEvents recordedEvents;

    @AfterEach
    void resetSharedState() {
        clock.reset();
        failingRevoker.failFor.clear();
    }

    /** A client that sends the admin token. */
    protected WebTestClient admin() {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
    }

    protected long partnersWithSlug(String slug) {
        return jdbc.sql("select count(*) from partners where slug = ?").param(slug).query(Long.class).single();
    }

    /** Fails offboarding of chosen partners after the other revokers ran, to prove all-or-nothing. */
    public static class FailingRevoker implements PartnerCredentialRevoker {

        final Set<UUID> failFor = ConcurrentHashMap.newKeySet();

        public void failFor(UUID partnerId) {
            failFor.add(partnerId);
        }

        @Override
        public String kind() {
            return "test-failure";
        }

        @Override
        public int revokeAll(UUID partnerId, String reason) {
            if (failFor.contains(partnerId)) {
                throw new IllegalStateException("simulated revocation failure");
            }
            return 0;
        }
    }

    /** Stands in for the webhooks module's provisioner: hands out endpoints, records disabled partners. */
    public static class RecordingWebhookProvisioner implements WebhookEndpointProvisioner {

        public final Set<UUID> disabled = ConcurrentHashMap.newKeySet();

        @Override
        public ProvisionedEndpoint provision(UUID partnerId, URI url) {
            return new ProvisionedEndpoint(UUID.randomUUID(), url, "whsec_" + UUID.randomUUID().toString().replace("-", ""));
        }

        @Override
        public void disableAll(UUID partnerId) {
            disabled.add(partnerId);
        }
    }

    /** Registry events as published (on whatever thread the admin call ran). */
    public static class RecordedEvents {

        public final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RegistryEvent event) {
            events.add(event);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingRevokerConfiguration {

        @Bean
        RecordedEvents recordedEvents() {
            return new RecordedEvents();
        }

        @Bean
        RecordingWebhookProvisioner recordingWebhookProvisioner() {
            return new RecordingWebhookProvisioner();
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        FailingRevoker failingRevoker() {
            return new FailingRevoker();
        }
    }
}
