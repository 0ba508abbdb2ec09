package io.barberpro.hub.registry.pki;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One Spring context for every PKI and OAuth test: real PostgreSQL (schema {@code registry_it}, or
 * {@code -Dhub.test.registry-schema=...}),
 * real edge listeners on random ports. Partners are inserted with plain SQL under unique slugs, so
 * tests neither depend on the partner services nor collide with other registry tests.
 */
@SpringBootTest(classes = PkiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.listeners.edge.bind-address=127.0.0.1", "hub.listeners.edge.https-port=0",
                "hub.listeners.edge.http-port=0"})
@ActiveProfiles("registry-it")
public abstract class PkiIntegrationTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected PkiTestApplication.MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected UUID insertPartner(String status) {
        UUID id = UUID.randomUUID();
        String slug = "pki-" + id.toString().substring(0, 8);
        jdbc.update("""
                insert into partners (id, slug, legal_name, country, contact_email, status, plan_name, created_at, updated_at)
                values (?, ?, ?, 'AR', 'ops@example.com', ?, 'standard', now(), now())""",
                id, slug, "Barbería " + slug + " S.A.", status);
        return id;
    }

    protected UUID insertActivePartner() {
        return insertPartner("ACTIVE");
    }
}
