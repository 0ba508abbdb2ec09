package io.barberpro.hub.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class HeaderHygieneFilterTest {

    private final HeaderHygieneFilter filter = new HeaderHygieneFilter(new TrustedProxies(List.of("10.0.0.0/8")));

    private HttpHeaders forwarded(String peer) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://edge.test/api/x")
                .remoteAddress(new InetSocketAddress(peer, 40000))
                .header("X-Forwarded-For", "198.51.100.9")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=198.51.100.9"));
        return filter.filter(exchange.getRequest().getHeaders(), exchange);
    }

    private HttpHeaders upstreamHeaders(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        return filter.filter(exchange.getRequest().getHeaders(), exchange);
    }

    @Test
    void appendsTheTrustedProxyToTheChainItForwards() {
        HttpHeaders headers = forwarded("10.1.2.3");

        assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("198.51.100.9, 10.1.2.3");
        assertThat(headers.getFirst("Forwarded")).isEqualTo("for=198.51.100.9, for=10.1.2.3");
    }

    @Test
    void appendsATrustedIpv6ProxyToForwardedAsAQuotedBracketedNode() {
        // given: RFC 7239 §6, an IPv6 node is "[...]" and must be quoted
        HeaderHygieneFilter ipv6Trusting = new HeaderHygieneFilter(new TrustedProxies(List.of("2001:db8::/32")));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://edge.test/api/x")
                .remoteAddress(new InetSocketAddress("2001:db8::7", 40000))
                .header("Forwarded", "for=198.51.100.9;proto=https"));

        // when
        HttpHeaders headers = ipv6Trusting.filter(exchange.getRequest().getHeaders(), exchange);

        // then
        assertThat(headers.get("Forwarded")).containsExactly("for=198.51.100.9;proto=https, for=\"[2001:db8:0:0:0:0:0:7]\"");
    }

    @Test
    void replacesWhatAnUntrustedPeerClaims() {
        HttpHeaders headers = forwarded("192.0.2.44");

        assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("192.0.2.44");
        assertThat(headers.containsKey("Forwarded")).isFalse();
    }

    @Test
    void keepsEveryForwardedForLineOfATrustedProxyInOrderBeforeAppendingIt() {
        // given a trusted proxy that sent the chain it received on two field lines (RFC 9110 §5.3: one list)
        HttpHeaders headers = upstreamHeaders(MockServerHttpRequest.get("https://edge.test/api/x")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 40000))
                .header("X-Forwarded-For", "198.51.100.9")
                .header("X-Forwarded-For", "203.0.113.5"));

        assertThat(headers.get("X-Forwarded-For")).containsExactly("198.51.100.9, 203.0.113.5, 10.1.2.3");
    }

    @Test
    void restartsTheTraceAndDropsTracestateWhenTraceparentArrivesOnTwoLines() {
        // given two traceparent field lines, each valid alone: combined (RFC 9110 §5.3) they are no traceparent
        String first = "00-12345678901234567890123456789011-1234567890123456-01";
        String second = "00-12345678901234567890123456789012-1234567890123456-01";

        HttpHeaders headers = upstreamHeaders(MockServerHttpRequest.get("https://edge.test/api/x")
                .header("traceparent", first)
                .header("traceparent", second)
                .header("tracestate", "vendor=abc"));

        assertThat(headers.get("traceparent")).singleElement()
                .satisfies(traceparent -> assertThat(TraceContext.isValid(traceparent)).isTrue())
                .isNotIn(first, second);
        assertThat(headers.containsKey("tracestate")).isFalse();
    }

    @Test
    void namesItselfInViaAfterTheHopsTheRequestAlreadyPassed() {
        // given a request that came through a CDN which said so (RFC 9110 §7.6.3)
        HttpHeaders headers = upstreamHeaders(MockServerHttpRequest.get("https://edge.test/api/x")
                .header("Via", "1.1 cdn-edge"));
        HttpHeaders direct = upstreamHeaders(MockServerHttpRequest.get("https://edge.test/api/x"));

        assertThat(headers.get("Via")).containsExactly("1.1 cdn-edge, 1.1 barberpro-hub");
        assertThat(direct.get("Via")).containsExactly("1.1 barberpro-hub");
    }
}
