package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.CredentialLookup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /admin/v1/partners/{id}/client-cas/{caId}/crl}, and the revocation list the gateway's lookup then carries. */
class PartnerClientCaCrlAdminIntegrationTest extends PkiIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");
    private static final int CA_KEY_USAGE = KeyUsage.keyCertSign | KeyUsage.cRLSign;

    @Autowired
    WebTestClient web;

    @Autowired
    CredentialLookup lookup;

    @Test
    void publishesACrlThatTheLookupCarriesAndTheAdminApiShowsAndAudits() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Devices CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();
        byte[] crl = ca.crl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), BigInteger.valueOf(12),
                BigInteger.valueOf(1001), BigInteger.valueOf(1002));

        // when
        Map<String, Object> published = publish(partner, caId, crl).expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();

        // then
        assertThat(published).containsEntry("crlNumber", "12").containsEntry("revokedCount", 2)
                .containsKeys("thisUpdate", "nextUpdate", "publishedAt");
        ClientCaCrl indexed = indexedCrl(caId);
        assertThat(indexed.revokedSerials()).containsExactlyInAnyOrder(BigInteger.valueOf(1001), BigInteger.valueOf(1002));
        assertThat(indexed.nextUpdate()).isEqualTo(now.plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS));
        admin().get().uri("/admin/v1/partners/{id}/client-cas", partner).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].crl.crlNumber").isEqualTo("12")
                .jsonPath("$.items[0].crl.revokedCount").isEqualTo(2);
        admin().get().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.crlNumber").isEqualTo("12");
        assertThat(auditOf(partner)).contains("client-ca.crl-published");
    }

    @Test
    void aNewerListInPemReplacesTheOneBefore() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Rotating CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();
        publish(partner, caId, ca.crl(now.minus(Duration.ofHours(2)), now.plus(Duration.ofDays(7)), BigInteger.ONE,
                BigInteger.valueOf(7))).expectStatus().isOk();

        // when
        String pem = Pem.encode("X509 CRL", ca.crl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)),
                BigInteger.TWO, BigInteger.valueOf(7), BigInteger.valueOf(8)));
        publish(partner, caId, pem.getBytes(StandardCharsets.US_ASCII)).expectStatus().isOk();

        // then
        assertThat(indexedCrl(caId).revokedSerials()).containsExactlyInAnyOrder(BigInteger.valueOf(7), BigInteger.valueOf(8));
    }

    @Test
    void anOlderListCannotReplaceANewerOneSoNoRevocationIsUndone() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Ordered CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();
        Instant next = now.plus(Duration.ofDays(7));
        byte[] current = ca.crl(now.minus(Duration.ofHours(1)), next, BigInteger.valueOf(5), BigInteger.valueOf(42));
        publish(partner, caId, current).expectStatus().isOk();

        // when / then
        publish(partner, caId, ca.crl(now.minus(Duration.ofHours(2)), next, BigInteger.valueOf(4)))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("conflict");
        publish(partner, caId, ca.crl(now.minus(Duration.ofMinutes(30)), next, BigInteger.valueOf(5)))
                .expectStatus().isEqualTo(409);
        publish(partner, caId, current).expectStatus().isOk();
        assertThat(indexedCrl(caId).revokedSerials()).containsExactly(BigInteger.valueOf(42));
    }

    @Test
    void rejectsListsTheEdgeCouldNotRelyOnAndKeepsNone() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Strict CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        TestClientCa impostor = TestClientCa.create("CN=Strict CA", CA_KEY_USAGE, clock.instant());
        TestClientCa other = TestClientCa.create("CN=Other CA", CA_KEY_USAGE, clock.instant());
        Instant now = clock.instant();
        Instant lastWeek = now.minus(Duration.ofDays(7));
        Instant nextWeek = now.plus(Duration.ofDays(7));

        // when / then
        expectInvalid(partner, caId, "not a crl".getBytes(StandardCharsets.US_ASCII),
                "must be an X.509 CRL, DER or PEM (application/pkix-crl)");
        expectInvalid(partner, caId, other.crl(lastWeek, nextWeek, null),
                "must be issued by this CA (CN=Strict CA), not by CN=Other CA");
        expectInvalid(partner, caId, impostor.crl(lastWeek, nextWeek, null),
                "signature does not verify with this CA's public key");
        expectInvalid(partner, caId, ca.crl(lastWeek, now.minusSeconds(1), null),
                "is past its nextUpdate time (" + now.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS) + ")");
        expectInvalid(partner, caId, TestClientCa.crl(ca.subject(), ca.keys(), lastWeek, nextWeek, null, true),
                "must be a complete CRL: critical extensions [2.5.29.27] (delta, partitioned or indirect CRLs) are not supported");
        assertThat(indexedCrl(caId)).isNull();
    }

    @Test
    void aCaThatMayNotSignCrlsCannotHaveOne() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=No CRL CA", KeyUsage.keyCertSign, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();

        // when / then
        expectInvalid(partner, caId, ca.crl(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)), null),
                "cannot be accepted: the CA's certificate does not allow CRL signing (keyUsage cRLSign)");
    }

    @Test
    void answersWrongMediaTypesAndUnknownCasWithProblems() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Typed CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();
        byte[] crl = ca.crl(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)), null);

        // when / then
        admin().put().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        publish(partner, UUID.randomUUID().toString(), crl).expectStatus().isNotFound();
        publish(insertActivePartner(), caId, crl).expectStatus().isNotFound();
        admin().get().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void withdrawingTheListStopsRevokingAndIsAudited() throws Exception {
        // given
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=Withdrawn CA", CA_KEY_USAGE, clock.instant());
        String caId = register(partner, ca);
        Instant now = clock.instant();
        publish(partner, caId, ca.crl(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)), null,
                BigInteger.TEN)).expectStatus().isOk();

        // when
        admin().delete().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId).exchange()
                .expectStatus().isNoContent();

        // then
        assertThat(indexedCrl(caId)).isNull();
        admin().delete().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId).exchange()
                .expectStatus().isNotFound();
        assertThat(auditOf(partner)).contains("client-ca.crl-withdrawn");
    }

    private void expectInvalid(UUID partner, String caId, byte[] crl, String message) {
        publish(partner, caId, crl).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("crl")
                .jsonPath("$.errors[0].message").isEqualTo(message);
    }

    private String register(UUID partner, TestClientCa ca) {
        return (String) admin().post().uri("/admin/v1/partners/{id}/client-cas", partner)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certificatePem", Pem.certificate(ca.certificate()))).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("id");
    }

    private WebTestClient.ResponseSpec publish(UUID partner, String caId, byte[] crl) {
        return admin().put().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl", partner, caId)
                .contentType(PKIX_CRL).bodyValue(crl).exchange();
    }

    private ClientCaCrl indexedCrl(String caId) {
        return lookup.partnerClientCas().stream().filter(ca -> ca.caId().equals(caId)).findFirst().orElseThrow().crl();
    }

    private WebTestClient admin() {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
    }

    private String auditOf(UUID partner) {
        return String.valueOf(jdbc.queryForList("select action, after::text from audit_log where partner_id = ?",
                partner));
    }
}
