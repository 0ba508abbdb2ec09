package io.barberpro.hub.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTest extends EdgeIntegrationTest {

    @LocalServerPort
    int adminPort;

    @Autowired
    AccessLogWriter accessLog;

    @Test
    void exposesPerPartnerRequestsLatencyAndRejectionsOnTheAdminPort() {
        PartnerSnapshot partner = registry.partner("metered");
        String key = registry.apiKey(partner);
        https().get("/api/v1/providers", h -> h.set("X-API-Key", key));
        https().get("/api/reports/x", h -> h.set("X-API-Key", key));

        String scrape = EdgeClient.http(adminPort).get("/actuator/prometheus", h -> { }).body();

        assertThat(scrape).contains("hub_gateway_requests_total{partner=\"" + partner.slug()
                + "\",route=\"booking-api\",status=\"2xx\"} 1.0");
        assertThat(scrape).contains("hub_gateway_requests_total{partner=\"" + partner.slug()
                + "\",route=\"test-scoped\",status=\"4xx\"} 1.0");
        assertThat(scrape).contains("hub_gateway_rejections_total{partner=\"" + partner.slug()
                + "\",reason=\"insufficient-scope\"} 1.0");
        assertThat(scrape).contains("hub_gateway_request_duration_seconds_bucket{partner=\"" + partner.slug()
                + "\",route=\"booking-api\"");
    }

    @Test
    void keepsMetricsOffThePartnerEdge() {
        assertThat(https().get("/actuator/prometheus", h -> { }).status()).isEqualTo(404);
    }

    @Test
    void writesOneAccessLogLinePerRequestWithoutSecrets(CapturedOutput output) {
        PartnerSnapshot partner = registry.partner("logged");
        String key = registry.apiKey(partner);

        Response response = https().get("/api/v1/providers?api_key=" + key + "&page=2",
                h -> h.set("X-API-Key", key).set("X-Request-Id", "log-test-req-0001"));

        assertThat(response.status()).isEqualTo(200);
        accessLog.drain();
        String line = output.getOut().lines().filter(l -> l.contains("requestId=log-test-req-0001"))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(line).contains("partner=" + partner.slug(), "partnerId=" + partner.id(), "method=GET",
                "time=20", "path=/api/v1/providers ", "protocol=HTTP/1.1", "route=booking-api", "status=200", "latencyMs=");
        assertThat(output.getAll()).doesNotContain(key);
    }

    @Test
    void aRequestNoRouteServesIsLoggedAndCountedAsRouteNone(CapturedOutput output) {
        // given: a caller asking for a path no route serves
        // when
        Response response = https().get("/wp-admin/setup.php?key=secret-in-query",
                h -> h.set("X-Request-Id", "log-test-no-route-01"));

        // then: the partner got the 404 problem, and the operator sees the request like any other
        assertThat(response.status()).isEqualTo(404);
        accessLog.drain();
        String line = loggedLine(output, "log-test-no-route-01");
        assertThat(line).contains("partner=unknown", "partnerId=-", "method=GET", "path=/wp-admin/setup.php ",
                "route=none", "status=404");
        assertThat(output.getAll()).doesNotContain("secret-in-query");
        String scrape = EdgeClient.http(adminPort).get("/actuator/prometheus", h -> { }).body();
        assertThat(scrape).containsPattern(
                "hub_gateway_requests_total\\{partner=\"unknown\",route=\"none\",status=\"4xx\"} [1-9]");
    }

    @Test
    void aRequestTheListenerRefusesIsLoggedWithTheRequestIdItsProblemCarries(CapturedOutput output) {
        // given: a partner whose request line is over the edge's limit (8 KB by default)
        String key = registry.apiKey(registry.partner("logged-long-line"));

        // when
        Response response = https().get("/api/v1/providers?q=" + "a".repeat(9_000),
                h -> h.set("X-API-Key", key).set("X-Request-Id", "log-test-414-0001"));

        // then: the 414 problem the partner holds can be found in the access log by its request id
        assertThat(response.status()).isEqualTo(414);
        assertThat(response.headers().get("X-Request-Id")).isEqualTo("log-test-414-0001");
        accessLog.drain();
        assertThat(loggedLine(output, "log-test-414-0001")).contains("path=/api/v1/providers ", "route=none",
                "status=414");
    }

    @Test
    void aRequestTheListenerCouldNotDecodeIsLoggedWithTheRequestIdItsProblemCarries(CapturedOutput output)
            throws IOException {
        // given: a request no web filter sees, as the codec cannot read its header block
        String request = "GET /api/v1/providers?api_key=secret-in-query HTTP/1.1\r\n"
                + "Host: edge\r\nBad Name: x\r\n\r\n";

        // when
        String response;
        try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        // then: the partner's 400 problem names a request id the access log has a line for
        assertThat(response).startsWith("HTTP/1.1 400 ");
        Matcher requestId = Pattern.compile("(?i)\r\nx-request-id: (\\S+)\r\n").matcher(response);
        assertThat(requestId.find()).isTrue();
        accessLog.drain();
        assertThat(loggedLine(output, requestId.group(1))).contains("partner=unknown", "method=GET",
                "path=/api/v1/providers ", "protocol=HTTP/1.1", "route=none", "status=400");
        assertThat(output.getAll()).doesNotContain("secret-in-query");
    }

    @Test
    void requestsOnTheAdminListenerAreNotInThePartnerAccessLog(CapturedOutput output) {
        // given / when: an operator's request on the admin port
        int status = EdgeClient.http(adminPort)
                .get("/actuator/prometheus", h -> h.set("X-Request-Id", "log-test-admin-01")).status();

        // then
        assertThat(status).isEqualTo(200);
        accessLog.drain();
        assertThat(output.getOut()).doesNotContain("requestId=log-test-admin-01");
    }

    private static String loggedLine(CapturedOutput output, String requestId) {
        return output.getOut().lines().filter(l -> l.contains("requestId=" + requestId))
                .reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void anHttp2RequestIsLoggedWithItsProtocol(CapturedOutput output) {
        // given: a partner speaking HTTP/2
        String key = registry.apiKey(registry.partner("logged-h2"));

        // when
        Response response = EdgeClient.https2(edge.httpsPort(), pki, null).get("/api/v1/providers",
                h -> h.set("X-API-Key", key).set("X-Request-Id", "log-test-req-h2-01"));

        // then
        assertThat(response.version().majorVersion()).isEqualTo(2);
        accessLog.drain();
        String line = output.getOut().lines().filter(l -> l.contains("requestId=log-test-req-h2-01"))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(line).contains("protocol=HTTP/2.0", "status=200");
    }
}
