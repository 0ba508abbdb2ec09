package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import org.junit.jupiter.api.Test;

/** Leaves of a CA a partner registered authenticate as that partner, and only while the CA is registered. */
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
        Response response = https(leaf).get("/api/v1/providers", h -> { });

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("invalid-credentials");
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

    /**
     * A partner CA named like the hub CA: the test client offers its certificate only for a CA name the
     * server advertises, and the edge advertises the hub CA only. Acceptance must not depend on the name.
     */
    private static TestPki partnerCa() {
        return new TestPki("Hub Test");
    }
}
