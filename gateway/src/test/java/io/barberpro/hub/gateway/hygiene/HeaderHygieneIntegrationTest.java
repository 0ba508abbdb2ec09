package io.barberpro.hub.gateway.hygiene;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.io.IOException;
import java.net.Socket;
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

    @Test
    void aRequestWithoutContentGoesUpstreamWithoutContentLengthWhereItsMethodExpectsNone() throws IOException {
        // given: a partner sending requests with neither Content-Length nor Transfer-Encoding, so without content
        String key = registry.apiKey(registry.partner("no-content"));

        // when: a GET, a DELETE and a POST
        assertThat(rawHttp("GET /api/v1/no-content/get", key)).startsWith("HTTP/1.1 200 ");
        assertThat(rawHttp("DELETE /api/v1/no-content/delete", key)).startsWith("HTTP/1.1 200 ");
        assertThat(rawHttp("POST /api/v1/no-content/post", key)).startsWith("HTTP/1.1 200 ");

        // then: GET and DELETE reach the upstream without body framing (RFC 9110 §8.6), POST declares its empty
        // content, as a user agent should for a method that defines content
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/no-content/get"))
                .withHeader("Content-Length", absent()).withHeader("Transfer-Encoding", absent()));
        UPSTREAM.verify(requestedFor("DELETE", urlEqualTo("/api/v1/no-content/delete"))
                .withHeader("Content-Length", absent()).withHeader("Transfer-Encoding", absent()));
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/api/v1/no-content/post"))
                .withHeader("Content-Length", equalTo("0")).withHeader("Transfer-Encoding", absent()));
    }

    @Test
    void aContentLengthOfZeroThePartnerSentIsPassedOn() throws IOException {
        String key = registry.apiKey(registry.partner("zero-length"));

        String answer = rawHttp("GET /api/v1/zero-length", key, "Content-Length: 0");

        assertThat(answer).startsWith("HTTP/1.1 200 ");
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/zero-length")).withHeader("Content-Length", equalTo("0")));
    }

    @Test
    void theRequestTargetReachesTheUpstreamAsThePartnerEncodedIt() throws IOException {
        // given: a partner whose request target carries percent-encodings, an encoded slash, a matrix parameter,
        // a plus sign and an empty query parameter, none of which a proxy may decode or encode again
        String key = registry.apiKey(registry.partner("encoded-target"));
        String target = "/api/v1/providers/a%2Fb/J%C3%BCrgen;v=1?name=J%C3%BCrgen&sum=1+2&empty=";

        // when
        String answer = rawHttp("GET " + target, key);

        // then: byte for byte
        assertThat(answer).startsWith("HTTP/1.1 200 ");
        UPSTREAM.verify(getRequestedFor(urlEqualTo(target)));
    }

    /** One request written as given on a new connection to the plain-HTTP edge, and the whole answer. */
    private String rawHttp(String requestLine, String apiKey, String... headerLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: edge\r\nX-API-Key: ")
                    .append(apiKey).append("\r\nConnection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), US_ASCII);
        }
    }
}
