package io.barberpro.hub.registry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.barberpro.hub.registry.RegistryIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

/**
 * Runs credential-issuing admin calls with web, JDBC and hub logging turned up to DEBUG, and checks
 * that no secret reached any log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedIntegrationTest extends RegistryIntegrationTest {

    private static final List<String> VERBOSE = List.of("io.barberpro", "org.springframework.web",
            "org.springframework.http", "org.springframework.jdbc", "reactor.netty.http");
    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final List<Level> previous = new ArrayList<>();

    @BeforeEach
    void verboseLogging() {
        VERBOSE.forEach(name -> {
            Logger logger = logback.getLogger(name);
            previous.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
        });
    }

    @AfterEach
    void restoreLogging() {
        for (int i = 0; i < VERBOSE.size(); i++) {
            logback.getLogger(VERBOSE.get(i)).setLevel(previous.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> response, String name) {
        return (Map<String, Object>) response.get(name);
    }

    @Test
    void issuedCredentialsAndTheAdminTokenNeverAppearInLogs(CapturedOutput output) {
        String slug = io.barberpro.hub.registry.testing.RegistryFixtures.uniqueSlug("quiet");
        Map<String, Object> partner = admin().post().uri("/admin/v1/partners").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\":\"" + slug + "\",\"legalName\":\"Quiet S.A.\",\"country\":\"AR\","
                        + "\"contactEmail\":\"q@quiet.example\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> key = admin().post().uri("/admin/v1/partners/" + partner.get("id") + "/api-keys")
                    .exchange().expectStatus().isCreated()
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                    }).returnResult().getResponseBody();
            secrets.add(((String) key.get("key")).substring(13));
        }
        Map<String, Object> onboarded = admin().post().uri("/admin/v1/onboarding").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "quiet-" + slug)
                .bodyValue("{\"slug\":\"" + slug + "-onb\",\"legalName\":\"Quiet S.A.\",\"country\":\"AR\","
                        + "\"contactEmail\":\"q@quiet.example\",\"webhookUrl\":\"https://hooks.quiet.example/\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        secrets.add(((String) part(onboarded, "apiKey").get("key")).substring(13));
        secrets.add((String) part(onboarded, "oauthClient").get("clientSecret"));
        secrets.add((String) part(onboarded, "clientCertificate").get("pkcs12Password"));
        secrets.add(((String) part(onboarded, "clientCertificate").get("pkcs12Base64")).substring(0, 64));
        secrets.add((String) part(onboarded, "webhook").get("signingSecret"));
        web.get().uri("/admin/v1/partners").header("Authorization", "Bearer " + ADMIN_TOKEN + "x").exchange()
                .expectStatus().isUnauthorized();

        assertThat(output.getAll()).contains("/api-keys").contains("/admin/v1/onboarding");
        assertThat(secrets).doesNotContainNull().hasSize(8);
        assertThat(secrets).allSatisfy(secret -> assertThat(output.getAll()).doesNotContain(secret));
    }
}
