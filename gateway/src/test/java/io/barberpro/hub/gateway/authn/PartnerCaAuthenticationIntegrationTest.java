package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.OcspAnswers;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Leaves of a CA a partner registered authenticate as that partner, only while the CA is registered and
 * unless the CRL the partner published for it revokes them or has gone stale.
 */
class PartnerCaAuthenticationIntegrationTest extends EdgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLeafOfARegisteredPartnerCaReachesTheUpstreamAsThatPartner() {
        // given
        PartnerSnapshot partner = registry.partner("own-ca");
        TestPki partnerCa = partnerCa();
        registry.clientCa(partner, partnerCa.ca().certificate());

        // when
        Response response = https(partnerCa.client("device-1")).get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
    }

    @Test
    void aLeafOfAnUnregisteredCaIsRefusedWithA401Problem() throws Exception {
        // given
        registry.clientCa(registry.partner("other-ca"), partnerCa().ca().certificate());
        TestPki.Issued stranger = partnerCa().client("stranger");

        // when
        Response response = https(stranger).get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("invalid-credentials");
    }

    @Test
    void aLeafIsRefusedOnceItsCaWasRemoved() throws Exception {
        // given
        PartnerSnapshot partner = registry.partner("removed-ca");
        TestPki partnerCa = partnerCa();
        String caId = registry.clientCa(partner, partnerCa.ca().certificate());
        TestPki.Issued leaf = partnerCa.client("device-2");
        assertThat(https(leaf).get("/api/v1/providers", h -> { }).status()).isEqualTo(200);

        // when
        registry.removeClientCa(caId);
        Response offeredOnlyIfNamed = https(leaf).get("/api/v1/providers", h -> { });
        Response offeredUnasked = EdgeClient.httpsOfferingUnasked(edge.httpsPort(), pki, leaf)
                .get("/api/v1/providers", h -> { });

        // then: the edge no longer names the CA, so a Java client sends nothing, and one that sends the leaf
        // anyway is refused for it
        assertThat(offeredOnlyIfNamed.status()).isEqualTo(401);
        assertThat(json.readTree(offeredOnlyIfNamed.body()).path("code").asText()).isEqualTo("unauthenticated");
        assertThat(offeredUnasked.status()).isEqualTo(401);
        assertThat(json.readTree(offeredUnasked.body()).path("code").asText()).isEqualTo("invalid-credentials");
    }

    @Test
    void aLeafOfASuspendedPartnersCaIsForbidden() {
        // given
        PartnerSnapshot partner = registry.partner("suspended-ca");
        TestPki partnerCa = partnerCa();
        registry.clientCa(partner, partnerCa.ca().certificate());
        registry.setStatus(partner, PartnerStatus.SUSPENDED);

        // when
        Response response = https(partnerCa.client("device-3")).get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void aLeafNeverAuthenticatesAsAnotherPartnerWhoseCaHasTheSameName() {
        // given: both CAs carry the same subject; only the signature tells them apart
        PartnerSnapshot owner = registry.partner("name-owner");
        PartnerSnapshot lookalike = registry.partner("name-lookalike");
        TestPki ownerCa = partnerCa();
        registry.clientCa(lookalike, partnerCa().ca().certificate());
        registry.clientCa(owner, ownerCa.ca().certificate());

        // when
        Response response = https(ownerCa.client("device-4")).get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(owner.id().toString())));
    }

    @Test
    void aLeafTheCasPublishedCrlRevokesIsRefusedWhileItsSiblingIsServed() throws Exception {
        // given
        PartnerSnapshot partner = registry.partner("crl-ca");
        TestPki partnerCa = partnerCa();
        String caId = registry.clientCa(partner, partnerCa.ca().certificate());
        TestPki.Issued revoked = partnerCa.client("lost-device");
        TestPki.Issued sibling = partnerCa.client("kept-device");
        assertThat(https(revoked).get("/api/v1/providers", h -> { }).status()).isEqualTo(200);

        // when
        registry.publishCrl(caId, currentCrl(revoked.certificate().getSerialNumber()));
        Response refused = https(revoked).get("/api/v1/providers", h -> { });
        Response served = https(sibling).get("/api/v1/providers", h -> { });

        // then: the same answer as for any unknown certificate
        assertThat(refused.status()).isEqualTo(401);
        assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("invalid-credentials");
        assertThat(served.status()).isEqualTo(200);
    }

    @Test
    void aLeafUnderAnIntermediateTheCasCrlRevokesIsRefused() throws Exception {
        // given
        PartnerSnapshot partner = registry.partner("crl-intermediate");
        TestPki partnerCa = partnerCa();
        String caId = registry.clientCa(partner, partnerCa.ca().certificate());
        TestPki.Issued intermediate = partnerCa.intermediateCa("Branch Devices CA");
        TestPki.Issued leaf = TestPki.client(intermediate, "branch-device");
        EdgeClient client = EdgeClient.https(edge.httpsPort(), pki.ca().certificate(), leaf.keys().getPrivate(),
                leaf.certificate(), intermediate.certificate());
        assertThat(client.get("/api/v1/providers", h -> { }).status()).isEqualTo(200);

        // when
        registry.publishCrl(caId, currentCrl(intermediate.certificate().getSerialNumber()));
        Response response = client.get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void aPartnerThatRegisteredItsIssuingCaRevokesOneDeviceWithThatCasOwnCrlWhileItsClientsSendTheRootToo()
            throws Exception {
        // given: a two-tier partner PKI whose issuing CA, not its root, is registered, and devices that send their
        // whole chain up to the root, as many clients are set up to
        PartnerSnapshot partner = registry.partner("issuing-ca");
        TestPki partnerRoot = partnerCa();
        TestPki.Issued issuing = partnerRoot.intermediateCa("Acme Store Devices Issuing CA");
        String caId = registry.clientCa(partner, issuing.certificate());
        TestPki.Issued lost = TestPki.client(issuing, "lost-till");
        TestPki.Issued kept = TestPki.client(issuing, "kept-till");
        assertThat(upToTheRoot(lost, issuing, partnerRoot).get("/api/v1/providers", h -> { }).status()).isEqualTo(200);

        // when: the issuing CA's own list revokes one device
        registry.publishCrl(caId, currentCrl(lost.certificate().getSerialNumber()));
        Response refused = upToTheRoot(lost, issuing, partnerRoot).get("/api/v1/providers", h -> { });
        Response served = upToTheRoot(kept, issuing, partnerRoot).get("/api/v1/providers", h -> { });

        // then
        assertThat(refused.status()).isEqualTo(401);
        assertThat(served.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
    }

    @Test
    void aLeafItsCasOcspResponderCallsRevokedIsRefusedWhileOneCalledGoodIsServed() throws Exception {
        // given: leaves naming the partner CA's OCSP responder (WireMock), which knows one as revoked
        PartnerSnapshot partner = registry.partner("ocsp");
        TestPki partnerCa = partnerCa();
        registry.clientCa(partner, partnerCa.ca().certificate());
        TestPki.Issued lost = partnerCa.clientNamingOcspResponder("lost-till",
                OcspAnswers.responderUrl(UPSTREAM, "lost-till"));
        TestPki.Issued kept = partnerCa.clientNamingOcspResponder("kept-till",
                OcspAnswers.responderUrl(UPSTREAM, "kept-till"));
        OcspAnswers.serve(UPSTREAM, "lost-till", OcspAnswers.revoked(partnerCa.ca(), lost.certificate(),
                clock.instant().minus(Duration.ofHours(1))));
        OcspAnswers.serve(UPSTREAM, "kept-till", OcspAnswers.good(partnerCa.ca(), kept.certificate()));

        // when: the responder is asked off the event loop (BlockHound would fail the test otherwise)
        Response refused = https(lost).get("/api/v1/providers", h -> { });
        Response served = https(kept).get("/api/v1/providers", h -> { });

        // then: the same answer as for any unknown certificate
        assertThat(refused.status()).isEqualTo(401);
        assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("invalid-credentials");
        assertThat(served.status()).isEqualTo(200);
    }

    @Test
    void aCrlPastItsNextUpdateRefusesEveryLeafOfItsCa() throws Exception {
        // given: a list that revokes nothing, but whose nextUpdate has passed
        PartnerSnapshot partner = registry.partner("stale-crl");
        TestPki partnerCa = partnerCa();
        String caId = registry.clientCa(partner, partnerCa.ca().certificate());
        Instant now = clock.instant();
        registry.publishCrl(caId, new ClientCaCrl(now.minus(Duration.ofDays(8)), now.minusSeconds(1), Set.of()));

        // when
        Response response = https(partnerCa.client("device-5")).get("/api/v1/providers", h -> { });

        // then: hub.gateway.mtls.stale-crl defaults to refuse
        assertThat(response.status()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("invalid-credentials");
    }

    private EdgeClient upToTheRoot(TestPki.Issued device, TestPki.Issued issuing, TestPki root) {
        return EdgeClient.https(edge.httpsPort(), pki.ca().certificate(), device.keys().getPrivate(),
                device.certificate(), issuing.certificate(), root.ca().certificate());
    }

    private ClientCaCrl currentCrl(BigInteger... revoked) {
        Instant now = clock.instant();
        return new ClientCaCrl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), Set.of(revoked));
    }

    /**
     * A CA of the partner's own, named unlike the hub CA. The test client, like Java's and .NET's, offers its
     * certificate only for a CA the edge names in its certificate request, so these tests also prove the edge
     * names every registered CA.
     */
    private static TestPki partnerCa() {
        return new TestPki("Acme Devices");
    }
}
