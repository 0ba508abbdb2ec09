package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.testing.MutableClock;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import io.barberpro.hub.registry.testing.RegistryTestApplication;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * One Spring context for every PKI and OAuth test: the registry with real PostgreSQL (schema
 * {@code registry_it}, or {@code -Dhub.test.registry-schema=...}) and the partner edge listening on
 * random HTTPS and HTTP ports. Partners come from {@link RegistryFixtures} under unique slugs.
 * Immediate shutdown: with graceful shutdown (Boot's default) the admin server waited at JVM exit for
 * keep-alive connections of test clients until Surefire killed the fork after 30 s.
 */
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.listeners.edge.bind-address=127.0.0.1", "hub.listeners.edge.https-port=0",
                "hub.listeners.edge.http-port=0", "server.shutdown=immediate"})
@ActiveProfiles("registry-it")
public abstract class PkiIntegrationTest {

    protected static final String ADMIN_TOKEN = "test-admin-token-registry-it-0123456789abcdef";

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected RegistryFixtures fixtures;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected UUID insertActivePartner() {
        return fixtures.activePartner("pki").id();
    }

    protected UUID insertPartner(String status) {
        UUID id = insertActivePartner();
        switch (PartnerStatus.valueOf(status)) {
            case ACTIVE -> { }
            case SUSPENDED -> fixtures.suspend(id);
            case OFFBOARDED -> fixtures.offboard(id);
            default -> throw new IllegalArgumentException(status);
        }
        return id;
    }
}
