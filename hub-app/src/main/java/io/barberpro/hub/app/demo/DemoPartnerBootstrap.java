package io.barberpro.hub.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.onboarding.OnboardingRequest;
import io.barberpro.hub.registry.onboarding.OnboardingService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Onboards the sample partner on the embedded default's first start and prints its credentials
 * with ready-to-paste {@code curl} lines, once, on standard output (never through the logger, whose
 * lines are shipped elsewhere). Later starts only say where the credentials were saved.
 */
class DemoPartnerBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPartnerBootstrap.class);
    private static final String IDEMPOTENCY_KEY = "hub-demo-partner-bootstrap";

    private final DemoPartnerProperties properties;
    private final ObjectProvider<OnboardingService> onboarding;
    private final EdgeListeners edge;
    private final ObjectMapper json;
    private final PrintStream out;

    DemoPartnerBootstrap(DemoPartnerProperties properties, ObjectProvider<OnboardingService> onboarding, EdgeListeners edge,
                         ObjectMapper json, PrintStream out) {
        this.properties = properties;
        this.onboarding = onboarding;
        this.edge = edge;
        this.json = json;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        OnboardingService service = onboarding.getIfAvailable();
        if (service == null) {
            return;
        }
        OnboardingService.Outcome outcome;
        try {
            outcome = service.onboard(Actor.SYSTEM, new OnboardingRequest(properties.slug(), "Barbería Demo S.A.", "AR",
                    "integraciones@demo.example", null, null, null), IDEMPOTENCY_KEY);
        } catch (HubProblemException e) {
            if (e.error() == HubError.DUPLICATE) {
                logExisting();
            } else {
                log.warn("Sample partner '{}' was not onboarded: {}", properties.slug(), e.detail());
            }
            return;
        }
        if (outcome.replayed() && Files.exists(properties.credentialsFile())) {
            logExisting();
            return;
        }
        save(outcome.body());
        print(json.readTree(outcome.body()));
    }

    private void logExisting() {
        log.info("Sample partner '{}' exists; its credentials were printed at first start and saved in {}",
                properties.slug(), properties.credentialsFile().toAbsolutePath().normalize());
    }

    private void save(byte[] credentials) throws IOException {
        Path file = properties.credentialsFile().toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, credentials);
    }

    private void print(JsonNode credentials) {
        String apiKey = credentials.path("apiKey").path("key").asText();
        String clientId = credentials.path("oauthClient").path("clientId").asText();
        String clientSecret = credentials.path("oauthClient").path("clientSecret").asText();
        String http = edge.httpPort() > 0 ? "http://localhost:" + edge.httpPort() : null;
        String https = edge.httpsPort() > 0 ? "https://localhost:" + edge.httpsPort() : null;
        String base = http != null ? http : https;
        String insecure = http != null ? "" : "-k ";
        StringBuilder banner = new StringBuilder()
                .append("\n================ Sample partner '").append(properties.slug()).append("' ================\n")
                .append("partner id     ").append(credentials.path("partnerId").asText()).append('\n')
                .append("API key        ").append(apiKey).append('\n')
                .append("OAuth client   ").append(clientId).append(" / ").append(clientSecret).append('\n')
                .append("saved in       ").append(properties.credentialsFile().toAbsolutePath().normalize()).append('\n');
        if (base != null) {
            banner.append("\n# list barbershops with the API key\n")
                    .append("curl -s ").append(insecure).append("-H 'X-API-Key: ").append(apiKey).append("' ")
                    .append(base).append("/api/v1/providers\n")
                    .append("# get an OAuth2 token, then use it\n")
                    .append("curl -s ").append(insecure).append("-u '").append(clientId).append(':').append(clientSecret)
                    .append("' -d grant_type=client_credentials ").append(base).append("/oauth2/token\n")
                    .append("curl -s ").append(insecure).append("-H \"Authorization: Bearer $TOKEN\" ")
                    .append(base).append("/api/v1/providers\n");
        }
        banner.append("==========================================================\n");
        out.print(banner);
        out.flush();
    }
}
