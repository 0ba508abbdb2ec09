package io.barberpro.hub.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.registry.api.PartnerSnapshot;
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
