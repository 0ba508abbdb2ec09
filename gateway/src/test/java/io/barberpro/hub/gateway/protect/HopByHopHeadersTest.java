package io.barberpro.hub.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class HopByHopHeadersTest {

    private final HopByHopHeaders filter = new HopByHopHeaders(RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);
    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));

    private static HttpHeaders hopByHopMessage() {
        HttpHeaders input = new HttpHeaders();
        input.add("Connection", "keep-alive, X-Hop-Secret");
        input.add("Keep-Alive", "timeout=5");
        input.add("TE", "trailers");
        input.add("x-hop-secret", "only for the next hop");
        input.add("Accept", "application/json");
        input.add("X-Partner-Id", "p-1");
        return input;
    }

    @Test
    void dropsTheListedHeadersAndEveryFieldTheConnectionHeaderNamesWhateverTheirCase() {
        // given the partner's request headers, which are read-only
        HttpHeaders input = HttpHeaders.readOnlyHttpHeaders(hopByHopMessage());

        HttpHeaders output = filter.filter(input, exchange);

        assertThat(output.keySet()).containsExactlyInAnyOrder("Accept", "X-Partner-Id");
        assertThat(input.keySet()).hasSize(6);
    }

    @Test
    void removesThemInPlaceFromAWritableMessage() {
        // given a writable copy, as Spring Cloud Gateway hands the response filters the upstream's headers
        HttpHeaders input = hopByHopMessage();

        HttpHeaders output = filter.filter(input, exchange);

        assertThat(output).isSameAs(input);
        assertThat(output.keySet()).containsExactlyInAnyOrder("Accept", "X-Partner-Id");
    }

    @Test
    void removesThemInPlaceFromAWritableNettyBackedMessage() {
        // given the upstream's response headers as the routing filter copies them: a Netty header set
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        hopByHopMessage().forEach(netty::add);
        HttpHeaders input = new HttpHeaders(new Netty4HeadersAdapter(netty));

        HttpHeaders output = filter.filter(input, exchange);

        assertThat(output).isSameAs(input);
        assertThat(netty.names()).containsExactlyInAnyOrder("Accept", "X-Partner-Id");
    }

    @Test
    void passesAMessageWithoutHopByHopHeadersOnAsItIs() {
        HttpHeaders input = new HttpHeaders();
        input.add("Accept", "application/json");
        input.add("Content-Type", "application/json");

        assertThat(filter.filter(input, exchange)).isSameAs(input);
    }

    @Test
    void appliesToRequestsAndResponses() {
        assertThat(filter.supports(Type.REQUEST)).isTrue();
        assertThat(filter.supports(Type.RESPONSE)).isTrue();
    }

    @Test
    void dropsProxyConnectionThoughTheConfiguredListDoesNotNameIt() {
        // given the stock list, which lacks the field RFC 9110 §7.6.1 names first among those to remove
        HttpHeaders input = new HttpHeaders();
        input.add("Proxy-Connection", "keep-alive");
        input.add("Accept", "application/json");

        HttpHeaders output = filter.filter(input, exchange);

        assertThat(output.keySet()).containsExactly("Accept");
    }
}
