package io.barberpro.hub.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.app.HubApplication;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.pki.HubCertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The README's run command, as a test: the hub on its embedded default (embedded PostgreSQL, no
 * configuration) comes up, prints the admin token and the sample partner once, and after a restart
 * on the same data directory still has its partners, keys and the same CA.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultRestartIntegrationTest {

    @TempDir
    Path data;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void keepsPartnersKeysAndTheCaAcrossARestart(CapturedOutput output) throws Exception {
        // given the first start on an empty data directory
        String caFingerprint;
        String adminToken;
        String demoApiKey;
        try (ConfigurableApplicationContext hub = start()) {
            adminToken = Files.readString(data.resolve("admin-token")).trim();
            JsonNode demo = json.readTree(data.resolve("demo-partner.json").toFile());
            demoApiKey = demo.path("apiKey").path("key").asText();
            caFingerprint = hub.getBean(HubCertificateAuthority.class).fingerprint();

            // then the admin token and the sample partner's credentials were printed once
            assertThat(output.getOut()).contains(adminToken).contains("Sample partner 'demo'").contains(demoApiKey);
            // and the admin API answers with the token
            admin(hub, adminToken).get().uri("/admin/v1/partners").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.items[?(@.slug == 'demo')].status").isEqualTo("ACTIVE");
        }
        int tokenPrintsBeforeRestart = occurrences(output.getOut(), adminToken);
        int keyPrintsBeforeRestart = occurrences(output.getOut(), demoApiKey);

        // when the hub starts again on the same data directory
        try (ConfigurableApplicationContext hub = start()) {
            // then the CA, the admin token and the sample partner's key are the same
            assertThat(hub.getBean(HubCertificateAuthority.class).fingerprint()).isEqualTo(caFingerprint);
            assertThat(Files.readString(data.resolve("admin-token")).trim()).isEqualTo(adminToken);
            assertThat(hub.getBean(CredentialLookup.class).apiKey(demoApiKey).status())
                    .isEqualTo(CredentialVerdict.Status.VALID);
            admin(hub, adminToken).get().uri("/admin/v1/partners").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.items[?(@.slug == 'demo')]").exists();
            // and neither secret is printed again
            assertThat(occurrences(output.getOut(), adminToken)).isEqualTo(tokenPrintsBeforeRestart);
            assertThat(occurrences(output.getOut(), demoApiKey)).isEqualTo(keyPrintsBeforeRestart);
            assertThat(output.getOut()).contains("Sample partner 'demo' exists");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(HubApplication.class).run(
                "--hub.data-directory=" + data,
                "--server.port=0",
                "--server.shutdown=immediate",
                "--hub.listeners.edge.bind-address=127.0.0.1",
                "--hub.listeners.edge.https-port=0",
                "--hub.listeners.edge.http-port=0",
                "--hub.sandbox.port=0",
                "--spring.main.banner-mode=off");
    }

    private static WebTestClient admin(ConfigurableApplicationContext hub, String token) {
        int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Authorization", "Bearer " + token).build();
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }
}
