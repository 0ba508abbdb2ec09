package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The admin API of the PKI and OAuth side, and what the gateway's lookup sees after each call. */
class PkiAdminIntegrationTest extends PkiIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;

    @Autowired
    CredentialLookup lookup;

    @Autowired
    HubCertificateAuthority ca;

    @Autowired
    ClientCertificateService certificates;

    @Test
    void issuesAGeneratedKeyCertificateThatTheLookupKnowsAndAuditsWithoutSecrets() {
        UUID partner = insertActivePartner();

        Map<String, Object> issued = admin().post().uri("/admin/v1/partners/{id}/certificates", partner).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(issued).containsKeys("id", "serialHex", "notAfter", "certificateChainPem", "pkcs12Base64",
                "pkcs12Password", "caCertificatePem");
        String fingerprint = (String) issued.get("sha256Fingerprint");
        CredentialVerdict verdict = lookup.clientCertificate(fingerprint);
        assertThat(verdict.status()).isEqualTo(CredentialVerdict.Status.VALID);
        assertThat(verdict.partner().id()).isEqualTo(partner);
        assertThat(verdict.credentialId()).isEqualTo(issued.get("id"));
        String audit = auditOf(partner);
        assertThat(audit).contains("client-certificate.issued", fingerprint)
                .doesNotContain((String) issued.get("pkcs12Password"))
                .doesNotContain(((String) issued.get("pkcs12Base64")).substring(0, 40));
    }

    @Test
    void signsACsrAndRefusesABadOneWithInvalidCsr() throws Exception {
        UUID partner = insertActivePartner();
        String csr = TestCsrs.csrPem(TestCsrs.ec("secp256r1"), "SHA256withECDSA");

        Map<String, Object> issued = admin().post().uri("/admin/v1/partners/{id}/certificates", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("csrPem", csr)).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        assertThat(issued).doesNotContainKey("pkcs12Base64").containsKey("certificateChainPem");

        admin().post().uri("/admin/v1/partners/{id}/certificates", partner)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("csrPem", TestCsrs.csrPem(TestCsrs.rsa(1024), "SHA256withRSA"))).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("invalid-csr");
        admin().post().uri("/admin/v1/partners/{id}/certificates", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("csr", csr)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("unknown-field");
        admin().post().uri("/admin/v1/partners/{id}/certificates", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        assertThat(jdbc.queryForObject("select count(*) from client_certificates where partner_id = ?", Long.class,
                partner)).isEqualTo(1);
    }

    @Test
    void theLookupReportsAnExpiredCertificateAsExpired() {
        UUID partner = insertActivePartner();
        IssuedCertificate issued = certificates.issueWithGeneratedKey(partner);
        assertThat(lookup.clientCertificate(issued.sha256Fingerprint()).status()).isEqualTo(CredentialVerdict.Status.VALID);

        clock.advance(java.time.Duration.between(clock.instant(), issued.notAfter()).plusSeconds(1));

        assertThat(lookup.clientCertificate(issued.sha256Fingerprint()).status())
                .isEqualTo(CredentialVerdict.Status.EXPIRED);
    }

    @Test
    void listsAndRevokesCertificates() {
        UUID partner = insertActivePartner();
        Map<String, Object> issued = admin().post().uri("/admin/v1/partners/{id}/certificates", partner).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();

        admin().delete().uri("/admin/v1/partners/{id}/certificates/{cert}?reason=lost laptop", partner, issued.get("id"))
                .exchange().expectStatus().isNoContent();

        assertThat(lookup.clientCertificate((String) issued.get("sha256Fingerprint")).status())
                .isEqualTo(CredentialVerdict.Status.REVOKED);
        admin().get().uri("/admin/v1/partners/{id}/certificates", partner).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].revocationReason").isEqualTo("lost laptop")
                .jsonPath("$.items[0].revokedAt").exists();
        admin().delete().uri("/admin/v1/partners/{id}/certificates/{cert}", partner, UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        assertThat(auditOf(partner)).contains("client-certificate.revoked");
    }

    @Test
    void createsListsAndRevokesOAuthClients() {
        UUID partner = insertActivePartner();

        Map<String, Object> created = admin().post().uri("/admin/v1/partners/{id}/oauth-clients", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("bookings:read"))).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(JSON).returnResult().getResponseBody();
        String clientId = (String) created.get("clientId");
        String secret = (String) created.get("clientSecret");

        CredentialVerdict verdict = lookup.oauthClient(clientId);
        assertThat(verdict.status()).isEqualTo(CredentialVerdict.Status.VALID);
        assertThat(verdict.scopes()).containsExactly("bookings:read");
        String listed = admin().get().uri("/admin/v1/partners/{id}/oauth-clients", partner).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(clientId).doesNotContain(secret).doesNotContainIgnoringCase("sha256");
        assertThat(auditOf(partner)).contains("oauth-client.created").doesNotContain(secret);

        admin().delete().uri("/admin/v1/partners/{id}/oauth-clients/{client}", partner, clientId).exchange()
                .expectStatus().isNoContent();
        assertThat(lookup.oauthClient(clientId).status()).isEqualTo(CredentialVerdict.Status.REVOKED);
        admin().post().uri("/admin/v1/partners/{id}/oauth-clients", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("no spaces allowed")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("validation-failed");
    }

    @Test
    void setsAndRemovesATrustedIdpThatTheLookupResolvesByIssuer() {
        UUID partner = insertActivePartner();
        String issuer = "https://idp.example/" + partner;

        admin().put().uri("/admin/v1/partners/{id}/trusted-idp", partner).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("issuer", issuer, "jwksUri", "https://idp.example/jwks", "audience", "barberpro"))
                .exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.issuer").isEqualTo(issuer);

        assertThat(lookup.partnerByTrustedIssuer(issuer)).hasValueSatisfying(p -> {
            assertThat(p.id()).isEqualTo(partner);
            assertThat(p.trustedIdp().audience()).isEqualTo("barberpro");
        });
        admin().put().uri("/admin/v1/partners/{id}/trusted-idp", partner).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("issuer", issuer, "jwksUri", "not a url", "audience", "x")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("jwksUri");
        admin().delete().uri("/admin/v1/partners/{id}/trusted-idp", partner).exchange().expectStatus().isNoContent();
        assertThat(lookup.partnerByTrustedIssuer(issuer)).isEmpty();
        admin().get().uri("/admin/v1/partners/{id}/trusted-idp", partner).exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void rotatesTheSigningKeyAndKeepsTheOldOnePublished() {
        Map<String, Object> before = admin().get().uri("/admin/v1/signing-keys").exchange()
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        Map<String, Object> after = admin().post().uri("/admin/v1/signing-keys/rotate").exchange()
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        assertThat(after.get("activeKid")).isNotEqualTo(before.get("activeKid"));
        assertThat((List<Object>) after.get("publishedKids")).contains(before.get("activeKid"), after.get("activeKid"));
    }

    @Test
    void describesItsRoutesInTheOpenApiDocument() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/admin/v1/partners/{id}/certificates'].post").exists()
                .jsonPath("$.paths['/admin/v1/partners/{id}/oauth-clients'].post").exists()
                .jsonPath("$.paths['/admin/v1/partners/{id}/trusted-idp'].put").exists()
                .jsonPath("$.paths['/admin/v1/signing-keys/rotate'].post").exists();
    }

    @Test
    void servesTheCaCertificate() {
        admin().get().uri("/admin/v1/pki/ca").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.sha256Fingerprint").isEqualTo(ca.fingerprint())
                .jsonPath("$.certificatePem").isEqualTo(ca.certificatePem());
    }

    @Test
    void offboardingRevokesCertificatesAndOAuthClientsInItsTransaction() {
        UUID partner = insertActivePartner();
        Map<String, Object> certificate = admin().post().uri("/admin/v1/partners/{id}/certificates", partner).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        Map<String, Object> client = admin().post().uri("/admin/v1/partners/{id}/oauth-clients", partner).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();

        fixtures.offboard(partner);

        assertThat(jdbc.queryForObject("select revoked_at is not null from client_certificates where id = ?::uuid",
                Boolean.class, certificate.get("id"))).isTrue();
        assertThat(jdbc.queryForObject("select revoked_at is not null from oauth_clients where client_id = ?",
                Boolean.class, client.get("clientId"))).isTrue();
        assertThat(lookup.clientCertificate((String) certificate.get("sha256Fingerprint")).isValid()).isFalse();
        assertThat(lookup.oauthClient((String) client.get("clientId")).isValid()).isFalse();
    }

    private WebTestClient admin() {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
    }

    private String auditOf(UUID partner) {
        return String.valueOf(jdbc.queryForList("select action, before::text, after::text from audit_log where partner_id = ?",
                partner));
    }
}
