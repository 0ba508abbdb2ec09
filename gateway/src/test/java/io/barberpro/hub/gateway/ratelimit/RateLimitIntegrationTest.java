package io.barberpro.hub.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.InMemoryCredentialLookup;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.RatePlan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitIntegrationTest extends EdgeIntegrationTest {

    @Test
    void admitsExactlyTheQuotaThenAnswers429WithACorrectRetryAfter() throws Exception {
        RatePlan plan = new RatePlan("tiny", 5, Duration.ofHours(1), null, null);
        PartnerSnapshot partner = registry.partner("tiny", plan, AuthPolicy.ANY, null);
        String key = registry.apiKey(partner);
        EdgeClient client = https();

        for (int i = 1; i <= 5; i++) {
            Response admitted = client.get("/api/v1/providers", h -> h.set("X-API-Key", key));
            assertThat(admitted.status()).isEqualTo(200);
            assertThat(admitted.headers().get("RateLimit-Policy")).isEqualTo("\"hourly\";q=5;w=3600");
            // t: seconds until the bucket is whole again, 720 s of greedy refill per unit spent
            assertThat(admitted.headers().get("RateLimit")).isEqualTo("\"hourly\";r=" + (5 - i) + ";t=" + 720 * i);
        }
        Response refused = client.get("/api/v1/providers", h -> h.set("X-API-Key", key));

        // One token comes back every 3600/5 = 720 s of greedy refill.
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("Retry-After")).isEqualTo("720");
        assertThat(refused.headers().get("RateLimit")).isEqualTo("\"hourly\";r=0;t=720");
        assertThat(new ObjectMapper().readTree(refused.body()).path("type").asText())
                .isEqualTo("https://docs.barberpro.io/hub/problems/quota-exceeded");
        UPSTREAM.verify(5, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/providers")));

        clock.advance(Duration.ofSeconds(719));
        assertThat(client.get("/api/v1/providers", h -> h.set("X-API-Key", key)).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.get("/api/v1/providers", h -> h.set("X-API-Key", key)).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/providers", h -> h.set("X-API-Key", key)).status()).isEqualTo(429);
    }

    @Test
    void sharesOneBudgetAcrossAllCredentialsOfAPartner() {
        RatePlan plan = new RatePlan("pair", 2, Duration.ofHours(1), null, null);
        PartnerSnapshot partner = registry.partner("pair", plan, AuthPolicy.ANY, null);
        String first = registry.apiKey(partner);
        String second = registry.apiKey(partner);

        assertThat(https().get("/api/v1/providers", h -> h.set("X-API-Key", first)).status()).isEqualTo(200);
        assertThat(https().get("/api/v1/providers", h -> h.set("X-API-Key", second)).status()).isEqualTo(200);
        assertThat(https().get("/api/v1/providers", h -> h.set("X-API-Key", first)).status()).isEqualTo(429);
    }

    @Test
    void chargesARoutesCostAgainstTheBudget() {
        RatePlan plan = new RatePlan("costed", 10, Duration.ofHours(1), null, null);
        String key = registry.apiKey(registry.partner("costed", plan, AuthPolicy.ANY, null));

        Response costly = https().get("/api/costly/report", h -> h.set("X-API-Key", key));
        Response cheap = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(costly.headers().get("RateLimit")).startsWith("\"hourly\";r=7;");
        assertThat(cheap.headers().get("RateLimit")).startsWith("\"hourly\";r=6;");
    }

    @Test
    void appliesTheDefaultPlanOf50000PerHour() {
        String key = registry.apiKey(registry.partner("standard"));

        Response response = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(InMemoryCredentialLookup.STANDARD.quota()).isEqualTo(50_000);
        assertThat(response.headers().get("RateLimit-Policy")).isEqualTo("\"hourly\";q=50000;w=3600");
        // one unit is back after 72 ms, so t rounds up to 1 s: there is no hourly window to count down
        assertThat(response.headers().get("RateLimit")).isEqualTo("\"hourly\";r=49999;t=1");
    }

    @Test
    void announcesAndEnforcesASpikeLimit() {
        RatePlan plan = new RatePlan("spiky", 1000, Duration.ofHours(1), 2L, Duration.ofSeconds(10));
        String key = registry.apiKey(registry.partner("spiky", plan, AuthPolicy.ANY, null));

        Response first = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));
        Response second = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));
        Response third = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        assertThat(first.headers().get("RateLimit-Policy")).isEqualTo("\"hourly\";q=1000;w=3600, \"spike\";q=2;w=10");
        assertThat(first.headers().get("RateLimit")).isEqualTo("\"spike\";r=1;t=5");
        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.headers().get("Retry-After")).isEqualTo("5");
    }
}
