package io.barberpro.hub.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class RequestIdWebFilterTest {

    @Test
    void theResponseCarriesExactlyOneRequestIdEvenWhenTheUpstreamEchoedAnother() {
        // given a partner request with its own id
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/providers").header(RequestIds.HEADER, "partner-req-0001"));

        // when the chain behaves like a proxy that copies the upstream's X-Request-Id into the response
        new RequestIdWebFilter().filter(exchange, e -> {
            e.getResponse().getHeaders().add(RequestIds.HEADER, "upstream-generated-id");
            return e.getResponse().setComplete();
        }).block();

        // then the partner sees one id, its own
        assertThat(exchange.getResponse().getHeaders().get(RequestIds.HEADER)).containsExactly("partner-req-0001");
    }
}
