package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /admin/v1/partners/{id}/client-cas}, and what the gateway's lookup sees after each call. */
class PartnerClientCaAdminIntegrationTest extends PkiIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;

    @Autowired
    CredentialLookup lookup;

    @Test
    void registersAPartnerCaThatTheLookupMapsToThePartnerAndAuditsIt() throws Exception {
        // given
        UUID partner = insertActivePartner();
        X509Certificate ca = certificate("CN=Partner Devices CA", true, KeyUsage.keyCertSign, Duration.ofDays(365));

        // when
        Map<String, Object> registered = register(partner, ca).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();

        // then
        assertThat(registered).containsEntry("partnerId", partner.toString())
                .containsEntry("sha256Fingerprint", Pem.sha256Fingerprint(ca))
                .containsEntry("subject", "CN=Partner Devices CA")
                .containsKeys("id", "notBefore", "notAfter", "createdAt");
        String caId = (String) registered.get("id");
        assertThat(lookup.partnerClientCas()).extracting(PartnerClientCa::caId, PartnerClientCa::partnerId,
                        PartnerClientCa::certificate)
                .contains(tuple(caId, partner, ca));
        CredentialVerdict verdict = lookup.partnerCaCertificate(caId);
        assertThat(verdict.status()).isEqualTo(CredentialVerdict.Status.VALID);
        assertThat(verdict.partner().id()).isEqualTo(partner);
        assertThat(auditOf(partner)).contains("client-ca.registered", Pem.sha256Fingerprint(ca));
    }

    @Test
    void rejectsALeafAnExpiredCaAndGarbageWithValidationErrors() throws Exception {
        // given
        UUID partner = insertActivePartner();
        X509Certificate leaf = certificate("CN=Not A CA", false, KeyUsage.digitalSignature, Duration.ofDays(365));
        X509Certificate expired = certificate("CN=Old CA", true, KeyUsage.keyCertSign, Duration.ofDays(-1));

        // when / then
        register(partner, leaf).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("certificatePem")
                .jsonPath("$.errors[0].message").isEqualTo("must be a CA certificate (basicConstraints cA=true)")
                .jsonPath("$.errors[1].message").isEqualTo("must allow certificate signing (keyUsage keyCertSign)");
        register(partner, expired).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").isEqualTo("must be within its validity period");
        admin().post().uri("/admin/v1/partners/{id}/client-cas", partner).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certificatePem", "not a certificate")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("validation-failed");
        assertThat(jdbc.queryForObject("select count(*) from partner_client_cas where partner_id = ?", Long.class,
                partner)).isZero();
    }

    @Test
    void refusesTheSameCaKeyForASecondPartner() throws Exception {
        // given
        X509Certificate ca = certificate("CN=Shared CA", true, KeyUsage.keyCertSign, Duration.ofDays(365));
        register(insertActivePartner(), ca).expectStatus().isCreated();

        // when / then: a key must name exactly one partner
        register(insertActivePartner(), ca).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("duplicate");
    }

    @Test
    void listsAndRemovesAPartnerCaAndTheLookupForgetsIt() throws Exception {
        // given
        UUID partner = insertActivePartner();
        X509Certificate ca = certificate("CN=Removable CA", true, KeyUsage.keyCertSign, Duration.ofDays(365));
        String caId = (String) register(partner, ca).expectStatus().isCreated().expectBody(JSON).returnResult()
                .getResponseBody().get("id");
        admin().get().uri("/admin/v1/partners/{id}/client-cas", partner).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(caId);

        // when
        admin().delete().uri("/admin/v1/partners/{id}/client-cas/{caId}", partner, caId).exchange()
                .expectStatus().isNoContent();

        // then
        assertThat(lookup.partnerCaCertificate(caId).status()).isEqualTo(CredentialVerdict.Status.UNKNOWN);
        assertThat(lookup.partnerClientCas()).extracting(PartnerClientCa::caId).doesNotContain(caId);
        admin().get().uri("/admin/v1/partners/{id}/client-cas", partner).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        admin().delete().uri("/admin/v1/partners/{id}/client-cas/{caId}", partner, caId).exchange()
                .expectStatus().isNotFound();
        admin().get().uri("/admin/v1/partners/{id}/client-cas", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        assertThat(auditOf(partner)).contains("client-ca.registered", "client-ca.removed");
    }

    @Test
    void aSuspendedPartnersCaIsReportedAsSuspended() throws Exception {
        // given
        UUID partner = insertActivePartner();
        String caId = (String) register(partner, certificate("CN=Suspended CA", true, KeyUsage.keyCertSign,
                Duration.ofDays(365))).expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody()
                .get("id");

        // when
        fixtures.suspend(partner);

        // then
        assertThat(lookup.partnerCaCertificate(caId).status()).isEqualTo(CredentialVerdict.Status.PARTNER_SUSPENDED);
    }

    private WebTestClient.ResponseSpec register(UUID partner, X509Certificate ca) {
        return admin().post().uri("/admin/v1/partners/{id}/client-cas", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("certificatePem", Pem.certificate(ca)))
                .exchange();
    }

    /** A self-signed certificate valid from a year before the clock until {@code validFor} after it. */
    private X509Certificate certificate(String subject, boolean ca, int keyUsage, Duration validFor) throws Exception {
        KeyPair keys = TestCsrs.ec("secp256r1");
        Instant now = clock.instant();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(365))), Date.from(now.plus(validFor)), new X500Name(subject),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private WebTestClient admin() {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
    }

    private String auditOf(UUID partner) {
        return String.valueOf(jdbc.queryForList("select action, before::text, after::text from audit_log where partner_id = ?",
                partner));
    }
}
