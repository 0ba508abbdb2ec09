package io.barberpro.hub.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class RequestIdAndDateWebFilterTest {

    /** RFC 9110 §5.6.7's own example: a single-digit day keeps its leading zero. */
    private final Clock clock = Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC);
    private final RequestIdAndDateWebFilter filter = new RequestIdAndDateWebFilter(clock);

    @Test
    void theResponseCarriesExactlyOneRequestIdEvenWhenTheUpstreamEchoedAnother() {
        // given a partner request with its own id
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/providers").header(RequestIds.HEADER, "partner-req-0001"));

        // when the chain behaves like a proxy that copies the upstream's X-Request-Id into the response
        filter.filter(exchange, e -> {
            e.getResponse().getHeaders().add(RequestIds.HEADER, "upstream-generated-id");
            return e.getResponse().setComplete();
        }).block();

        // then the partner sees one id, its own
        assertThat(exchange.getResponse().getHeaders().get(RequestIds.HEADER)).containsExactly("partner-req-0001");
    }

    @Test
    void aResponseTheHubMakesCarriesTheDateInImfFixdate() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/providers"));

        filter.filter(exchange, e -> e.getResponse().setComplete()).block();

        assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.DATE))
                .containsExactly("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void aProxiedResponseKeepsTheDateTheUpstreamGaveIt() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/providers"));

        filter.filter(exchange, e -> {
            e.getResponse().getHeaders().set(HttpHeaders.DATE, "Mon, 07 Dec 2026 06:00:00 GMT");
            return e.getResponse().setComplete();
        }).block();

        assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.DATE))
                .containsExactly("Mon, 07 Dec 2026 06:00:00 GMT");
    }

    @Test
    void theDateFollowsTheClockFromOneSecondToTheNext() {
        assertThat(HttpDates.imfFixdate(Instant.parse("2026-12-07T23:59:59.999Z"))).isEqualTo("Mon, 07 Dec 2026 23:59:59 GMT");
        assertThat(HttpDates.imfFixdate(Instant.parse("2026-12-08T00:00:00Z"))).isEqualTo("Tue, 08 Dec 2026 00:00:00 GMT");
    }
}
