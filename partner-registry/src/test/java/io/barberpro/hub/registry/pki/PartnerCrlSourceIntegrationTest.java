package io.barberpro.hub.registry.pki;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.CredentialLookup;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /admin/v1/partners/{id}/client-cas/{caId}/crl-source} and {@link PartnerCrlFetcher}: the hub keeps a
 * partner CA's list current from its distribution point (WireMock), on the test clock (6 h interval, 1 h retry).
 */
class PartnerCrlSourceIntegrationTest extends PkiIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final WireMockServer DISTRIBUTION_POINT = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    WebTestClient web;

    @Autowired
    CredentialLookup lookup;

    @Autowired
    PartnerCrlFetcher fetcher;

    @BeforeAll
    static void startDistributionPoint() {
        DISTRIBUTION_POINT.start();
    }

    @AfterAll
    static void stopDistributionPoint() {
        DISTRIBUTION_POINT.stop();
    }

    @Test
    void settingASourceFetchesAtOnceAndPublishesTheList() throws Exception {
        // given
        Fixture given = fixture("first");
        serve(given.path(), given.ca().crl(ago(1), inDays(7), BigInteger.ONE, BigInteger.valueOf(11)));

        // when
        Map<String, Object> updated = setSource(given).expectStatus().isOk().expectBody(JSON).returnResult()
                .getResponseBody();

        // then
        assertThat(updated.get("crlSource")).asString().contains("url=" + url(given.path()));
        assertThat(updated.get("crl")).asString().contains("crlNumber=1");
        assertThat(indexedCrl(given.caId()).revokedSerials()).containsExactly(BigInteger.valueOf(11));
        assertThat(auditOf(given.partner())).contains("client-ca.crl-source-set");
    }

    @Test
    void aListIsFetchedAgainOnlyOnceTheIntervalHasPassed() throws Exception {
        // given
        Fixture given = fixture("rotating");
        serve(given.path(), given.ca().crl(ago(1), inDays(7), BigInteger.ONE, BigInteger.valueOf(21)));
        setSource(given).expectStatus().isOk();
        serve(given.path(), given.ca().crl(ago(0), inDays(7), BigInteger.TWO, BigInteger.valueOf(21),
                BigInteger.valueOf(22)));

        // when: five hours later, then six
        clock.advance(Duration.ofHours(5));
        fetcher.fetchDue();
        int fetchesBeforeInterval = fetches(given.path());
        clock.advance(Duration.ofHours(1));
        fetcher.fetchDue();

        // then
        assertThat(fetchesBeforeInterval).isEqualTo(1);
        assertThat(fetches(given.path())).isEqualTo(2);
        assertThat(indexedCrl(given.caId()).revokedSerials())
                .containsExactlyInAnyOrder(BigInteger.valueOf(21), BigInteger.valueOf(22));
        assertThat(auditOf(given.partner())).contains("client-ca.crl-fetched");
    }

    @Test
    void aFailedFetchKeepsTheLastListInForceAndShowsWhyUntilAFetchSucceeds() throws Exception {
        // given
        Fixture given = fixture("flaky");
        byte[] good = given.ca().crl(ago(1), inDays(7), BigInteger.ONE, BigInteger.valueOf(31));
        serve(given.path(), good);
        setSource(given).expectStatus().isOk();
        DISTRIBUTION_POINT.stubFor(get(given.path()).willReturn(aResponse().withStatus(503)));

        // when
        clock.advance(Duration.ofHours(6));
        fetcher.fetchDue();

        // then
        assertThat(indexedCrl(given.caId()).revokedSerials()).containsExactly(BigInteger.valueOf(31));
        assertThat(sourceOf(given)).containsEntry("lastError", url(given.path()) + " answered HTTP 503");

        // and when it serves a good list again
        serve(given.path(), good);
        clock.advance(Duration.ofHours(6));
        fetcher.fetchDue();
        assertThat(sourceOf(given).get("lastError")).isNull();
    }

    @Test
    void aListFromAnImpostorIsRefusedAndTheLastGoodOneStays() throws Exception {
        // given
        Fixture given = fixture("impostor");
        serve(given.path(), given.ca().crl(ago(1), inDays(7), BigInteger.TWO, BigInteger.valueOf(41)));
        setSource(given).expectStatus().isOk();
        TestClientCa impostor = TestClientCa.create(given.ca().subject(), KeyUsage.keyCertSign | KeyUsage.cRLSign,
                clock.instant());
        serve(given.path(), impostor.crl(ago(0), inDays(7), BigInteger.TEN));

        // when
        clock.advance(Duration.ofHours(6));
        fetcher.fetchDue();

        // then
        assertThat(indexedCrl(given.caId()).revokedSerials()).containsExactly(BigInteger.valueOf(41));
        assertThat(sourceOf(given).get("lastError")).asString()
                .endsWith("served a list that was refused: signature does not verify with this CA's public key");
    }

    @Test
    void aListPastItsNextUpdateIsRetriedAtTheRetryPeriodRatherThanTheInterval() throws Exception {
        // given: a list that goes stale after 30 minutes
        Fixture given = fixture("stale");
        serve(given.path(), given.ca().crl(ago(1), clock.instant().plus(Duration.ofMinutes(30)), BigInteger.ONE));
        setSource(given).expectStatus().isOk();
        serve(given.path(), given.ca().crl(ago(0), inDays(7), BigInteger.TWO, BigInteger.valueOf(51)));

        // when
        clock.advance(Duration.ofHours(1));
        fetcher.fetchDue();

        // then
        assertThat(fetches(given.path())).isEqualTo(2);
        assertThat(indexedCrl(given.caId()).revokedSerials()).containsExactly(BigInteger.valueOf(51));
    }

    @Test
    void refusesASourceThatGivesNoUsableListAndKeepsNothing() throws Exception {
        // given
        Fixture given = fixture("refused");
        DISTRIBUTION_POINT.stubFor(get(given.path()).willReturn(aResponse().withStatus(404)));

        // when / then
        setSource(given).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("url")
                .jsonPath("$.errors[0].message").isEqualTo("gave no CRL: " + url(given.path()) + " answered HTTP 404");
        serve(given.path(), "not a crl".getBytes());
        setSource(given).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("crl");
        setSource(given, "ldap://ldap.example/cn=CA?certificateRevocationList").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").isEqualTo("must be an absolute http or https URL");
        assertThat(sourceOf(given)).isNull();
    }

    @Test
    void removingTheSourceStopsFetchingAndKeepsTheList() throws Exception {
        // given
        Fixture given = fixture("removed");
        serve(given.path(), given.ca().crl(ago(1), inDays(7), BigInteger.ONE, BigInteger.valueOf(61)));
        setSource(given).expectStatus().isOk();

        // when
        admin().delete().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl-source", given.partner(), given.caId())
                .exchange().expectStatus().isNoContent();
        clock.advance(Duration.ofDays(1));
        fetcher.fetchDue();

        // then
        assertThat(fetches(given.path())).isEqualTo(1);
        assertThat(indexedCrl(given.caId()).revokedSerials()).containsExactly(BigInteger.valueOf(61));
        assertThat(auditOf(given.partner())).contains("client-ca.crl-source-removed");
    }

    private record Fixture(UUID partner, String caId, TestClientCa ca, String path) {
    }

    private Fixture fixture(String name) throws Exception {
        UUID partner = insertActivePartner();
        TestClientCa ca = TestClientCa.create("CN=" + name + " CA " + UUID.randomUUID(),
                KeyUsage.keyCertSign | KeyUsage.cRLSign, clock.instant());
        String caId = (String) admin().post().uri("/admin/v1/partners/{id}/client-cas", partner)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certificatePem", Pem.certificate(ca.certificate()))).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("id");
        return new Fixture(partner, caId, ca, "/crl/" + caId + ".crl");
    }

    private Instant ago(int hours) {
        return clock.instant().minus(Duration.ofHours(hours));
    }

    private Instant inDays(int days) {
        return clock.instant().plus(Duration.ofDays(days));
    }

    private static void serve(String path, byte[] crl) {
        DISTRIBUTION_POINT.stubFor(get(path).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/pkix-crl").withBody(crl)));
    }

    private static String url(String path) {
        return DISTRIBUTION_POINT.baseUrl() + path;
    }

    private static int fetches(String path) {
        return DISTRIBUTION_POINT.findAll(getRequestedFor(urlEqualTo(path))).size();
    }

    private WebTestClient.ResponseSpec setSource(Fixture fixture) {
        return setSource(fixture, url(fixture.path()));
    }

    private WebTestClient.ResponseSpec setSource(Fixture fixture, String url) {
        return admin().put().uri("/admin/v1/partners/{id}/client-cas/{caId}/crl-source", fixture.partner(), fixture.caId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", url)).exchange();
    }

    /** The CA's {@code crlSource} as the admin API lists it, or null when it has none. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> sourceOf(Fixture fixture) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) admin().get()
                .uri("/admin/v1/partners/{id}/client-cas", fixture.partner()).exchange()
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("items");
        return (Map<String, Object>) items.get(0).get("crlSource");
    }

    private ClientCaCrl indexedCrl(String caId) {
        return lookup.partnerClientCas().stream().filter(ca -> ca.caId().equals(caId)).findFirst().orElseThrow().crl();
    }

    private WebTestClient admin() {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
    }

    private String auditOf(UUID partner) {
        return String.valueOf(jdbc.queryForList("select action from audit_log where partner_id = ?", partner));
    }
}
