package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.gateway.support.InMemoryCredentialLookup;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MtlsAuthenticationIntegrationTest extends EdgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void acceptsARegisteredClientCertificateOfTheHubCa() {
        PartnerSnapshot partner = registry.partner("cert");
        TestPki.Issued certificate = pki.client("cert-partner");
        registry.certificate(partner, certificate.certificate(), Status.VALID, Set.of());

        Response response = https(certificate).get("/api/v1/providers", h -> { });

        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
    }

    @Test
    void everyRequestOnAKeptAliveConnectionIsJudgedByItsCertificateWhoseRevocationTakesEffectAtOnce() {
        PartnerSnapshot partner = registry.partner("kept-alive");
        TestPki.Issued certificate = pki.client("kept-alive-partner");
        registry.certificate(partner, certificate.certificate(), Status.VALID, Set.of());
        EdgeClient client = https(certificate);

        // given requests on one TLS connection, whose certificate is worked out once for its session
        assertThat(client.get("/api/v1/providers", h -> { }).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/providers", h -> { }).status()).isEqualTo(200);

        // when the certificate is revoked
        registry.certificate(partner, certificate.certificate(), Status.REVOKED, Set.of());

        // then the next request on that connection is refused, and a connection without a certificate is nobody
        assertThat(client.get("/api/v1/providers", h -> { }).status()).isEqualTo(401);
        assertThat(https().get("/api/v1/providers", h -> { }).status()).isEqualTo(401);
    }

    @Test
    void refusesACertificateFromAForgedCaOfTheSameNameEvenIfItsFingerprintIsRegistered() throws Exception {
        PartnerSnapshot partner = registry.partner("rogue");
        // Same issuer name as the hub CA (so the TLS client offers it), different key: only PKIX can tell.
        TestPki.Issued rogue = new TestPki("Hub Test").client("rogue-partner");
        registry.certificate(partner, rogue.certificate(), Status.VALID, Set.of());

        Response response = https(rogue).get("/api/v1/providers", h -> { });

        assertThat(response.status()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("invalid-credentials");
    }

    @Test
    void refusesRevokedUnknownAndExpiredCertificatesAlike() throws Exception {
        PartnerSnapshot partner = registry.partner("revoked-cert");
        TestPki.Issued revoked = pki.client("revoked");
        registry.certificate(partner, revoked.certificate(), Status.REVOKED, Set.of());
        TestPki.Issued unknown = pki.client("unknown");
        TestPki.Issued expired = pki.client("expired", clock.instant().minus(Duration.ofDays(30)),
                clock.instant().minus(Duration.ofDays(1)));
        registry.certificate(partner, expired.certificate(), Status.VALID, Set.of());

        for (TestPki.Issued certificate : new TestPki.Issued[] {revoked, unknown, expired}) {
            Response response = https(certificate).get("/api/v1/providers", h -> { });
            assertThat(response.status()).isEqualTo(401);
            assertThat(json.readTree(response.body()).path("detail").asText())
                    .isEqualTo("The presented credentials are not valid");
        }
    }

    @Test
    void enforcesAPartnerPolicyThatRequiresTheCertificate() throws Exception {
        PartnerSnapshot partner = registry.partner("strict", InMemoryCredentialLookup.STANDARD,
                new AuthPolicy(EnumSet.of(AuthMethod.MTLS, AuthMethod.API_KEY), Set.of(AuthMethod.MTLS)), null);
        String key = registry.apiKey(partner);
        TestPki.Issued certificate = pki.client("strict");
        registry.certificate(partner, certificate.certificate(), Status.VALID, Set.of());

        Response keyOnly = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));
        Response both = https(certificate).get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(keyOnly.status()).isEqualTo(401);
        assertThat(json.readTree(keyOnly.body()).path("detail").asText()).contains("client certificate");
        assertThat(both.status()).isEqualTo(200);
    }

    @Test
    void refusesAMethodThePartnerMayNotUse() {
        PartnerSnapshot partner = registry.partner("cert-only", InMemoryCredentialLookup.STANDARD,
                new AuthPolicy(EnumSet.of(AuthMethod.MTLS), Set.of()), null);
        String key = registry.apiKey(partner);

        assertThat(https().get("/api/v1/providers", h -> h.set("X-API-Key", key)).status()).isEqualTo(401);
    }

    @Test
    void refusesCredentialsOfTwoDifferentPartners() {
        PartnerSnapshot first = registry.partner("first");
        PartnerSnapshot second = registry.partner("second");
        TestPki.Issued certificate = pki.client("first");
        registry.certificate(first, certificate.certificate(), Status.VALID, Set.of());
        String otherKey = registry.apiKey(second);

        assertThat(https(certificate).get("/api/v1/providers", h -> h.set("X-API-Key", otherKey)).status())
                .isEqualTo(401);
    }
}
