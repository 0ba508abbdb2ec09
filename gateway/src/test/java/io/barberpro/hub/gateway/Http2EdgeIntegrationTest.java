package io.barberpro.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * The edge's protections for partners speaking HTTP/2 over TLS, each over a real HTTP/2 connection chosen by ALPN.
 * Every answer's protocol is checked, so a test cannot pass by falling back to HTTP/1.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class Http2EdgeIntegrationTest extends EdgeIntegrationTest {

    private static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theClientCertificateOfTheConnectionAuthenticatesEveryStreamOnIt() {
        // given: a partner with a registered client certificate, on one HTTP/2 connection presenting it
        PartnerSnapshot partner = registry.partner("h2-cert");
        TestPki.Issued certificate = pki.client("h2-cert-partner");
        registry.certificate(partner, certificate.certificate(), Status.VALID, Set.of());
        EdgeClient client = EdgeClient.https2(edge.httpsPort(), pki, certificate);

        // when: two requests, each on a stream of its own, and one on a connection without a certificate
        Response first = client.get("/api/v1/providers", h -> { });
        Response second = client.get("/api/v1/providers", h -> { });
        Response anonymous = EdgeClient.https2(edge.httpsPort(), pki, null).get("/api/v1/providers", h -> { });

        // then: both streams are the partner's, and the connection without a certificate is nobody
        assertThat(first.version()).isEqualTo(HTTP_2);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        UPSTREAM.verify(2, getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
        assertThat(anonymous.version()).isEqualTo(HTTP_2);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void theUpstreamIsToldTheHubReceivedTheRequestOverHttp2() {
        String key = registry.apiKey(registry.partner("h2-via"));

        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).get("/api/v1/h2-via",
                h -> h.set("X-API-Key", key).set("Via", "1.1 partner-proxy"));

        assertThat(response.version()).isEqualTo(HTTP_2);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/h2-via"))
                .withHeader("Via", equalTo("1.1 partner-proxy, 2 barberpro-hub")));
    }

    @Test
    void aGetWithoutContentReachesTheUpstreamWithoutContentLength() {
        // given: a partner on HTTP/2 whose GET's header block ends the stream
        String key = registry.apiKey(registry.partner("h2-get"));

        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).get("/api/v1/h2-get", h -> h.set("X-API-Key", key));

        assertThat(response.version()).isEqualTo(HTTP_2);
        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/h2-get"))
                .withHeader("Content-Length", absent()).withHeader("Transfer-Encoding", absent()));
    }

    @Test
    void aBodyStreamedWithoutContentLengthReachesTheUpstreamWholeWithItsLength() {
        // given: a partner on HTTP/2 streaming a body in three DATA frames, within the route's limit
        String key = registry.apiKey(registry.partner("h2-body"));

        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).send(HttpMethod.POST, "/api/v1/h2-body",
                h -> h.set("X-API-Key", key).set("Content-Type", "text/plain"), EdgeClient.chunks("abc", "def", "ghi"));

        assertThat(response.version()).isEqualTo(HTTP_2);
        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/api/v1/h2-body"))
                .withRequestBody(equalTo("abcdefghi"))
                .withHeader("Content-Length", equalTo("9")).withHeader("Transfer-Encoding", absent()));
    }

    @Test
    void aBodyOverTheRouteLimitWithoutContentLengthGets413BeforeTheUpstreamSeesIt() throws Exception {
        // given: a partner on HTTP/2, where a body is framed without Content-Length
        String key = registry.apiKey(registry.partner("h2-big-body"));
        String chunk = "x".repeat(400);

        // when: it streams 1200 bytes to a route whose limit is lower
        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).send(HttpMethod.POST, "/api/small/bookings",
                h -> h.set("X-API-Key", key).set("Content-Type", "text/plain"), EdgeClient.chunks(chunk, chunk, chunk));

        // then
        assertProblemOverHttp2(response, 413, "payload-too-large");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aPathOverTheRequestLineLimitGets414Problem() throws Exception {
        // given: a partner on HTTP/2
        String key = registry.apiKey(registry.partner("h2-long-path"));

        // when: the line its request stands for exceeds max-request-line (8KB) but not the decoder's ceiling
        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).get(
                "/api/v1/providers?q=" + "z".repeat(9_000), h -> h.set("X-API-Key", key));

        // then
        assertProblemOverHttp2(response, 414, "uri-too-long");
        assertThat(response.headers().get("X-Request-Id")).isNotBlank()
                .isEqualTo(json.readTree(response.body()).path("requestId").asText());
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aHeaderBlockOverTheEdgeLimitGets431Problem() throws Exception {
        // given: a partner on HTTP/2
        String key = registry.apiKey(registry.partner("h2-big-header"));

        // when: its header block exceeds max-header-size (6KB here) but not the decoder's ceiling
        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).get("/api/v1/providers",
                h -> h.set("X-API-Key", key).set("X-Filler", "z".repeat(7_000)));

        // then
        assertProblemOverHttp2(response, 431, "headers-too-large");
        assertThat(response.headers().get("X-Request-Id")).isNotBlank()
                .isEqualTo(json.readTree(response.body()).path("requestId").asText());
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aStreamWhoseBodyStallsGets408ProblemAndTheConnectionGoesOnServing(CapturedOutput output) throws Exception {
        // given: a partner on one HTTP/2 connection (body-read-timeout is 1s in these tests)
        String key = registry.apiKey(registry.partner("h2-stalling-body"));
        EdgeClient client = EdgeClient.https2(edge.httpsPort(), pki, null);

        // when: a stream sends the start of a body and then nothing
        Response stalled = client.send(HttpMethod.POST, "/api/v1/bookings",
                h -> h.set("X-API-Key", key).set("Content-Type", "application/json"),
                ByteBufFlux.fromString(Flux.concat(Mono.just("{\"start\":"), Flux.never())));
        Response next = client.get("/api/v1/providers", h -> h.set("X-API-Key", key));

        // then: a 408 problem for that stream, nothing of it upstream, and the connection still answers
        assertProblemOverHttp2(stalled, 408, "request-timeout");
        UPSTREAM.verify(0, postRequestedFor(urlEqualTo("/api/v1/bookings")));
        assertThat(next.version()).isEqualTo(HTTP_2);
        assertThat(next.status()).isEqualTo(200);
        // and a stall, which any partner can cause, logs no ERROR (Reactor Netty delivers the failure twice)
        assertThat(output.getOut()).doesNotContain(" ERROR ");
    }

    @Test
    void aClientOfferingNoAlpnIsStillServedHttp11() {
        // given: a partner whose TLS client offers no ALPN, as wrk and old curl
        String key = registry.apiKey(registry.partner("h1-only"));

        // when
        Response response = https().get("/api/v1/providers", h -> h.set("X-API-Key", key));

        // then
        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(response.status()).isEqualTo(200);
    }

    /** An HTTP/2 answer that is a problem document of {@code status} naming {@code code}. */
    private void assertProblemOverHttp2(Response response, int status, String code) throws Exception {
        assertThat(response.version()).isEqualTo(HTTP_2);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().get("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo(code);
    }
}
