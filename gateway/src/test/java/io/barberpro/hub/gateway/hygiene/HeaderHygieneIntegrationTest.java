package io.barberpro.hub.gateway.hygiene;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeaderHygieneIntegrationTest extends EdgeIntegrationTest {

    @Test
    void replacesASpoofedPartnerIdAndDropsOtherIdentityHeaders() {
        PartnerSnapshot partner = registry.partner("honest");
        String key = registry.apiKey(partner);
        String victim = UUID.randomUUID().toString();

        Response response = https().get("/api/v1/bookings", h -> h.set("X-API-Key", key)
                .set("X-Partner-Id", victim)
                .set("X-Partner-Slug", "victim")
                .set("X-Authenticated-User", "admin"));

        assertThat(response.status()).isEqualTo(200);
        List<LoggedRequest> seen = UPSTREAM.findAll(getRequestedFor(urlEqualTo("/api/v1/bookings")));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getHeaders().getHeader("X-Partner-Id").values()).containsExactly(partner.id().toString());
        assertThat(seen.get(0).containsHeader("X-Partner-Slug")).isFalse();
        assertThat(seen.get(0).containsHeader("X-Authenticated-User")).isFalse();
    }

    @Test
    void doesNotPassOnForwardingHeadersFromAnUntrustedClient() {
        String key = registry.apiKey(registry.partner("forwarder"));

        https().get("/api/v1/forwarded", h -> h.set("X-API-Key", key)
                .set("X-Forwarded-For", "203.0.113.7")
                .set("X-Forwarded-Host", "evil.example")
                .set("X-Forwarded-Proto", "http")
                .set("Forwarded", "for=203.0.113.7"));

        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/forwarded"))
                .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
                .withHeader("X-Forwarded-Proto", equalTo("https"))
                .withHeader("X-Forwarded-Host", matching("localhost:\\d+"))
                .withHeader("Forwarded", absent()));
    }

    @Test
    void theUpstreamLearnsOfTheHubsHopFromVia() {
        String key = registry.apiKey(registry.partner("via"));

        Response response = https().get("/api/v1/via", h -> h.set("X-API-Key", key));

        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/via")).withHeader("Via", equalTo("1.1 barberpro-hub")));
        // the partner is not told which gateway answered
        assertThat(response.headers().get("Via")).isNull();
    }

    @Test
    void propagatesAValidTraceparentAndTheRequestId() {
        String key = registry.apiKey(registry.partner("tracer"));
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        Response response = https().get("/api/v1/traced", h -> h.set("X-API-Key", key)
                .set("traceparent", traceparent)
                .set("tracestate", "vendor=abc")
                .set("X-Request-Id", "partner-req-123456"));

        assertThat(response.headers().get("X-Request-Id")).isEqualTo("partner-req-123456");
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/traced"))
                .withHeader("traceparent", equalTo(traceparent))
                .withHeader("tracestate", equalTo("vendor=abc"))
                .withHeader("X-Request-Id", equalTo("partner-req-123456")));
    }

    @Test
    void createsATraceparentWhenMissingOrMalformed() {
        String key = registry.apiKey(registry.partner("untraced"));

        https().get("/api/v1/untraced", h -> h.set("X-API-Key", key));
        https().get("/api/v1/badtrace", h -> h.set("X-API-Key", key)
                .set("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .set("tracestate", "vendor=abc"));

        String valid = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/untraced"))
                .withHeader("traceparent", matching(valid))
                .withHeader("X-Request-Id", matching("[0-9a-f-]{36}")));
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/badtrace"))
                .withHeader("traceparent", matching(valid))
                .withHeader("traceparent", matching("00-(?!0{32}).*"))
                .withHeader("tracestate", absent()));
    }
}
