package io.barberpro.hub.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class DateHeaderWebFilterTest {

    /** RFC 9110 §5.6.7's own example: a single-digit day keeps its leading zero. */
    private final Clock clock = Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC);

    @Test
    void aResponseTheHubMakesCarriesTheDateInImfFixdate() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/providers"));

        new DateHeaderWebFilter(clock).filter(exchange, e -> e.getResponse().setComplete()).block();

        assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.DATE))
                .containsExactly("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void aProxiedResponseKeepsTheDateTheUpstreamGaveIt() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/providers"));

        new DateHeaderWebFilter(clock).filter(exchange, e -> {
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
