package io.barberpro.hub.registry.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.events.PartnerOnboarded;
import io.barberpro.hub.registry.api.events.PartnerStatusChanged;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class OnboardingIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    ApplicationContext context;

    private static String body(String slug, String extra) {
        return "{\"slug\":\"" + slug + "\",\"legalName\":\"Barbería Sur S.A.\",\"country\":\"AR\","
                + "\"contactEmail\":\"it@sur.example\"" + extra + "}";
    }

    private WebTestClient.ResponseSpec onboard(String json, String idempotencyKey) {
        WebTestClient.RequestBodySpec request = admin().post().uri("/admin/v1/onboarding")
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.bodyValue(json).exchange();
    }

    private Map<String, Object> created(String json) {
        return onboard(json, null).expectStatus().isCreated()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> response, String name) {
        return (Map<String, Object>) response.get(name);
    }

    private long rows(String table, Object partnerId) {
        return jdbc.sql("select count(*) from " + table + " where partner_id = ?").param(partnerId)
                .query(Long.class).single();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static String csrPem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=sur"), keyPair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())).getEncoded();
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    @Test
    void onboardsAnActivePartnerWithEveryCredentialInOneResponse() throws Exception {
        String slug = RegistryFixtures.uniqueSlug("sur");

        Map<String, Object> response = created(body(slug, ",\"webhookUrl\":\"https://hooks.sur.example/hub\""));

        UUID partnerId = UUID.fromString((String) response.get("partnerId"));
        assertThat(response.get("status")).isEqualTo("ACTIVE");
        assertThat(response.get("plan")).isEqualTo("standard");
        String apiKey = (String) part(response, "apiKey").get("key");
        assertThat(lookup.apiKey(apiKey).status()).isEqualTo(Status.VALID);
        assertThat(lookup.apiKey(apiKey).partner().effectivePlan().quota()).isEqualTo(50_000);
        assertThat(part(response, "oauthClient").get("clientId")).isNotNull();
        assertThat(part(response, "oauthClient").get("clientSecret")).isNotNull();
        Map<String, Object> certificate = part(response, "clientCertificate");
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(new ByteArrayInputStream(Base64.getDecoder().decode((String) certificate.get("pkcs12Base64"))),
                ((String) certificate.get("pkcs12Password")).toCharArray());
        X509Certificate leaf = (X509Certificate) pkcs12.getCertificate(pkcs12.aliases().nextElement());
        X509Certificate ca = certificate((String) response.get("caCertificatePem"));
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=" + slug);
        assertThat(part(response, "webhook").get("signingSecret")).asString().startsWith("whsec_");
        assertThat(part(response, "webhook").get("url")).isEqualTo("https://hooks.sur.example/hub");
        assertThat(part(response, "endpoints").get("token")).isEqualTo("https://localhost:8443/oauth2/token");
        assertThat(jdbc.sql("select status from partners where id = ?").param(partnerId).query(String.class).single())
                .isEqualTo("ACTIVE");
        assertThat(recordedEvents.events).anyMatch(e -> e instanceof PartnerOnboarded onboarded
                && onboarded.partnerId().equals(partnerId) && onboarded.slug().equals(slug));
        String audit = jdbc.sql("select after::text from audit_log where partner_id = ? and action = 'partner.onboarded'")
                .param(partnerId).query(String.class).single();
        assertThat(audit).contains((String) part(response, "oauthClient").get("clientId"))
                .doesNotContain(apiKey.substring(13))
                .doesNotContain((String) part(response, "oauthClient").get("clientSecret"))
                .doesNotContain((String) certificate.get("pkcs12Password"));
    }

    @Test
    void signsThePartnersCsrAndReturnsTheChainInsteadOfAPkcs12() throws Exception {
        String csr = csrPem().replace("\n", "\\n");

        Map<String, Object> response = created(body(RegistryFixtures.uniqueSlug("csr"), ",\"csrPem\":\"" + csr + "\""));

        Map<String, Object> certificate = part(response, "clientCertificate");
        assertThat(certificate.get("pkcs12Base64")).isNull();
        assertThat(certificate.get("pkcs12Password")).isNull();
        X509Certificate leaf = certificate((String) certificate.get("certificateChainPem"));
        leaf.verify(certificate((String) response.get("caCertificatePem")).getPublicKey());
    }

    @Test
    void badCsrLeavesNothingBehind() {
        String slug = RegistryFixtures.uniqueSlug("badcsr");
        String garbage = "-----BEGIN CERTIFICATE REQUEST-----\\nTm90IGEgQ1NS\\n-----END CERTIFICATE REQUEST-----\\n";

        onboard(body(slug, ",\"csrPem\":\"" + garbage + "\""), null)
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("invalid-csr");

        assertThat(partnersWithSlug(slug)).isZero();
        long orphanKeys = jdbc.sql("select count(*) from api_keys k where not exists "
                + "(select 1 from partners p where p.id = k.partner_id)").query(Long.class).single();
        assertThat(orphanKeys).isZero();
    }

    @Test
    void invalidInputIsRejectedPreciselyAndLeavesNothingBehind() {
        String slug = RegistryFixtures.uniqueSlug("invalid");
        onboard(body(slug, ",\"tier\":\"gold\""), null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("unknown-field");
        onboard("{\"slug\":\"" + slug + "\",\"legalName\":\"X\",\"country\":\"Argentina\",\"contactEmail\":\"x@\","
                + "\"webhookUrl\":\"ftp://x\",\"csrPem\":\"hello\"}", null)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors.length()").isEqualTo(4);
        onboard(body(slug, ""), "short").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void duplicateSlugIsAConflictAndKeepsTheFirstPartnerOnly() {
        String slug = RegistryFixtures.uniqueSlug("twice");
        created(body(slug, ""));

        onboard(body(slug, ""), null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("duplicate");

        assertThat(partnersWithSlug(slug)).isOne();
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysTheResponseAndADifferentBodyIsRefused() {
        String slug = RegistryFixtures.uniqueSlug("idem");
        String key = UUID.randomUUID().toString();

        byte[] first = onboard(body(slug, ""), key).expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        byte[] again = onboard(body(slug, ""), key).expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().returnResult().getResponseBody();

        assertThat(again).isEqualTo(first);
        assertThat(partnersWithSlug(slug)).isOne();
        onboard(body(slug + "-other", ""), key).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("idempotency-key-reused");
        assertThat(partnersWithSlug(slug + "-other")).isZero();
    }

    @Test
    void webhookUrlWithoutTheWebhooksRoleIsUnprocessable() {
        OnboardingService withoutWebhooks = new OnboardingService(context.getBean(
                io.barberpro.hub.registry.partner.PartnerService.class),
                context.getBean(io.barberpro.hub.registry.apikey.ApiKeyService.class),
                context.getBeanProvider(io.barberpro.hub.registry.oauth.OAuthClientService.class),
                context.getBeanProvider(io.barberpro.hub.registry.pki.ClientCertificateService.class),
                new StaticListableBeanFactory().getBeanProvider(WebhookEndpointProvisioner.class),
                context.getBean(JdbcIdempotencyStore.class),
                context.getBean(io.barberpro.hub.registry.audit.JdbcAuditLog.class),
                context.getBean(io.barberpro.hub.registry.lookup.RegistryChanges.class), context,
                context.getBean(com.fasterxml.jackson.databind.ObjectMapper.class),
                context.getBean(io.barberpro.hub.registry.RegistryProperties.class).onboarding(), clock);
        String slug = RegistryFixtures.uniqueSlug("nohooks");

        assertThatThrownBy(() -> withoutWebhooks.onboard(new Actor("admin", null), new OnboardingRequest(slug,
                "X S.A.", "AR", "x@x.example", null, "https://hooks.example/x", null), null))
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.UNPROCESSABLE));
        assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void offboardingRevokesEveryCredentialOfTheOnboardedPartner() {
        Map<String, Object> response = created(body(RegistryFixtures.uniqueSlug("bye"),
                ",\"webhookUrl\":\"https://hooks.bye.example/\""));
        UUID partnerId = UUID.fromString((String) response.get("partnerId"));
        String apiKey = (String) part(response, "apiKey").get("key");

        admin().delete().uri("/admin/v1/partners/" + partnerId + "?reason=contract ended").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("OFFBOARDED");

        for (String table : List.of("api_keys", "oauth_clients", "client_certificates")) {
            assertThat(rows(table, partnerId)).as(table).isPositive();
            assertThat(jdbc.sql("select count(*) from " + table + " where partner_id = ? and revoked_at is null")
                    .param(partnerId).query(Long.class).single()).as(table + " unrevoked").isZero();
        }
        assertThat(webhookProvisioner.disabled).contains(partnerId);
        assertThat(recordedEvents.events).anyMatch(e -> e instanceof PartnerStatusChanged changed
                && changed.partnerId().equals(partnerId) && changed.to() == PartnerStatus.OFFBOARDED
                && "contract ended".equals(changed.reason()));
        assertThat(lookup.apiKey(apiKey).status()).isEqualTo(Status.PARTNER_INACTIVE);
        String audit = jdbc.sql("select after::text from audit_log where partner_id = ? and action = 'partner.offboarded'")
                .param(partnerId).query(String.class).single();
        assertThat(audit).contains("\"oauth-client\": 1").contains("\"client-certificate\": 1").contains("\"api-key\": 1");
    }

    @Test
    void fixtureOnboardsThroughTheSameService() {
        OnboardingResponse response = fixtures.onboard("fixture", null);

        assertThat(response.status()).isEqualTo(PartnerStatus.ACTIVE);
        assertThat(lookup.apiKey(response.apiKey().key()).status()).isEqualTo(Status.VALID);
        assertThat(response.clientCertificate().pkcs12Password()).isNotBlank();
        assertThat(response.oauthClient().clientSecret()).isNotBlank();
    }

    @Test
    void offboardingOfAnOnboardedPartnerIsAllOrNothing() {
        Map<String, Object> response = created(body(RegistryFixtures.uniqueSlug("keep"), ""));
        UUID partnerId = UUID.fromString((String) response.get("partnerId"));
        failingRevoker.failFor(partnerId);

        admin().delete().uri("/admin/v1/partners/" + partnerId).exchange().expectStatus().is5xxServerError();

        for (String table : List.of("api_keys", "oauth_clients", "client_certificates")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where partner_id = ? and revoked_at is not null")
                    .param(partnerId).query(Long.class).single()).as(table + " revoked").isZero();
        }
    }
}
