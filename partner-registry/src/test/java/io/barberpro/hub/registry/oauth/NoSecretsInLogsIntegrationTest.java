package io.barberpro.hub.registry.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.IssuedCertificate;
import io.barberpro.hub.registry.pki.PkiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsIntegrationTest extends PkiIntegrationTest {

    private static final String[] VERBOSE = {"io.barberpro", "org.springframework.web", "org.springframework.http"};

    @Autowired
    OAuthClientService clients;

    @Autowired
    ClientCertificateService certificates;

    @Autowired
    EdgeListeners edge;

    private final Map<String, Level> previousLevels = new java.util.HashMap<>();

    @BeforeEach
    void logEverything() {
        for (String name : VERBOSE) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void restoreLevels() {
        previousLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void issuingCredentialsAndTokensLogsNoSecret(CapturedOutput output) {
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("a"));
        IssuedCertificate certificate = certificates.issueWithGeneratedKey(partner);
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + edge.httpPort()).build();

        Map<String, Object> token = http.post().uri("/oauth2/token")
                .header(HttpHeaders.AUTHORIZATION, basic(client.clientId(), client.clientSecret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        String wrongSecret = client.clientSecret().replace('a', 'b') + "Z";
        http.post().uri("/oauth2/token")
                .header(HttpHeaders.AUTHORIZATION, basic(client.clientId(), wrongSecret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isUnauthorized();

        assertThat(output.getAll()).contains("Token request refused for client " + client.clientId())
                .doesNotContain(client.clientSecret())
                .doesNotContain(wrongSecret)
                .doesNotContain(certificate.pkcs12Password())
                .doesNotContain(certificate.pkcs12Base64().substring(0, 64))
                .doesNotContain((String) token.get("access_token"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
