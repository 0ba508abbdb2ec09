package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.web.HttpDates;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticationIntegrationTest extends EdgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void acceptsXApiKeyAndTellsTheUpstreamWhoCalls() {
        PartnerSnapshot partner = registry.partner("peluqueria");
        String key = registry.apiKey(partner);

        Response response = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().getAll("Date")).as("one Date, the upstream's or the edge's").hasSize(1);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString()))
                .withHeader("X-API-Key", absent())
                .withHeader("Authorization", absent()));
    }

    @Test
    void acceptsAuthorizationApiKeyAndStripsIt() {
        PartnerSnapshot partner = registry.partner("barberia");
        String key = registry.apiKey(partner);

        Response response = https().get("/api/v1/bookings/1", h -> h.set("Authorization", "ApiKey " + key));

        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/bookings/1"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString()))
                .withHeader("Authorization", absent()));
    }

    @Test
    void answersMissingCredentialsWith401AndTheAcceptedSchemes() throws Exception {
        Response response = https().get("/api/v1/providers", h -> { });

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"barberpro\", ApiKey realm=\"barberpro\"");
        assertThat(response.headers().get("Content-Type")).startsWith("application/problem+json");
        assertThat(response.headers().get("Date")).isEqualTo(HttpDates.imfFixdate(clock.instant()));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("unauthenticated");
        assertThat(problem.path("requestId").asText()).isNotBlank();
        UPSTREAM.verify(0, getRequestedFor(urlEqualTo("/api/v1/providers")));
    }

    @Test
    void answersUnknownExpiredAndRevokedKeysIdentically() throws Exception {
        PartnerSnapshot partner = registry.partner("tijeras");
        String expired = registry.apiKey(partner, Status.EXPIRED, Set.of());
        String revoked = registry.apiKey(partner, Status.REVOKED, Set.of());

        Response unknown = https().get("/api/v1/providers", h -> h.set("X-API-Key", "bp_test_doesnotexist"));
        Response expiredResponse = https().get("/api/v1/providers", h -> h.set("X-API-Key", expired));
        Response revokedResponse = https().get("/api/v1/providers", h -> h.set("X-API-Key", revoked));

        for (Response response : new Response[] {unknown, expiredResponse, revokedResponse}) {
            assertThat(response.status()).isEqualTo(401);
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.path("code").asText()).isEqualTo("invalid-credentials");
            assertThat(problem.path("detail").asText()).isEqualTo("The presented credentials are not valid");
            assertThat(response.headers().get("WWW-Authenticate")).contains("ApiKey realm=\"barberpro\"");
        }
        UPSTREAM.verify(0, getRequestedFor(urlEqualTo("/api/v1/providers")));
    }

    @Test
    void answersSuspendedPartnerWith403() throws Exception {
        PartnerSnapshot partner = registry.partner("suspendida");
        String key = registry.apiKey(partner, Status.PARTNER_SUSPENDED, Set.of());

        Response response = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(response.status()).isEqualTo(403);
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("partner-suspended");
    }

    @Test
    void refusesARouteScopeTheKeyLacksWith403() throws Exception {
        PartnerSnapshot partner = registry.partner("sin-scope");
        String withoutScope = registry.apiKey(partner);
        String withScope = registry.apiKey(partner, Status.VALID, Set.of("reports:read"));

        Response refused = https().get("/api/reports/daily", h -> h.set("X-API-Key", withoutScope));
        Response allowed = https().get("/api/reports/daily", h -> h.set("X-API-Key", withScope));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("insufficient-scope");
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void servesPlaceholderRoutesAs501OnlyToAuthenticatedPartners() throws Exception {
        String key = registry.apiKey(registry.partner("soap"));

        Response anonymous = https().get("/soap/bookings", h -> { });
        Response soap = https().get("/soap/bookings", h -> h.set("X-API-Key", key));
        Response graphql = https().get("/graphql", h -> h.set("X-API-Key", key));
        Response edi = https().get("/edi/inbound", h -> h.set("X-API-Key", key));

        assertThat(anonymous.status()).isEqualTo(401);
        for (Response response : new Response[] {soap, graphql, edi}) {
            assertThat(response.status()).isEqualTo(501);
            assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("not-implemented");
        }
    }

    @Test
    void worksOnTheDevelopmentHttpListenerToo() {
        String key = registry.apiKey(registry.partner("dev"));

        assertThat(http().get("/api/v1/providers", h -> h.set("X-API-Key", key)).status()).isEqualTo(200);
    }
}
