package io.barberpro.hub.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.http.client.HttpClient;

class UpstreamRoutingFilterTest {

    private final HttpClient base = HttpClient.create();
    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));
    private final UpstreamRoutingFilter filter = new UpstreamRoutingFilter(base, noHeadersFilters(), properties());

    private static HttpClientProperties properties() {
        HttpClientProperties properties = new HttpClientProperties();
        properties.setConnectTimeout(2000);
        properties.setResponseTimeout(Duration.ofSeconds(10));
        return properties;
    }

    private static ObjectProvider<List<HttpHeadersFilter>> noHeadersFilters() {
        return providing(List.of());
    }

    private static ObjectProvider<List<HttpHeadersFilter>> providing(List<HttpHeadersFilter> filters) {
        return new ObjectProvider<>() {
            @Override
            public List<HttpHeadersFilter> getObject(Object... args) {
                return filters;
            }

            @Override
            public List<HttpHeadersFilter> getIfAvailable() {
                return filters;
            }

            @Override
            public List<HttpHeadersFilter> getIfUnique() {
                return filters;
            }

            @Override
            public List<HttpHeadersFilter> getObject() {
                return filters;
            }
        };
    }

    private static Route route(String id, Map<String, Object> metadata) {
        return Route.async().id(id).uri("http://127.0.0.1:1").predicate(e -> true).metadata(metadata).build();
    }

    @Test
    void aRouteWithoutTimeoutsGetsTheConfiguredResponseTimeoutOnTheConnection() {
        HttpClient client = filter.getHttpClient(route("plain", Map.of()), exchange);

        assertThat(client.configuration().responseTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRoutesOwnResponseTimeoutInMillisecondsWinsAndANegativeOneMeansNone() {
        assertThat(filter.getHttpClient(route("quick", Map.of("response-timeout", 400)), exchange)
                .configuration().responseTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(filter.getHttpClient(route("quick-text", Map.of("response-timeout", "250")), exchange)
                .configuration().responseTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(filter.getHttpClient(route("unbounded", Map.of("response-timeout", -1)), exchange)
                .configuration().responseTimeout()).isNull();
        assertThat(filter.getHttpClient(route("garbled", Map.of("response-timeout", "soon")), exchange)
                .configuration().responseTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRoutesConnectTimeoutApplies() {
        HttpClient client = filter.getHttpClient(route("far", Map.of("connect-timeout", 300)), exchange);

        assertThat(client.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)).isEqualTo(300);
    }

    @Test
    void replacesOnlyTheStockHopByHopFilterInTheHeadersFilters() {
        HttpHeadersFilter other = (headers, exchange) -> headers;
        UpstreamRoutingFilter routing = new UpstreamRoutingFilter(base,
                providing(List.of(other, new RemoveHopByHopHeadersFilter())), properties());

        List<HttpHeadersFilter> filters = routing.getHeadersFilters();

        assertThat(filters).hasSize(2).contains(other).noneMatch(RemoveHopByHopHeadersFilter.class::isInstance);
        assertThat(filters).filteredOn(HopByHopHeaders.class::isInstance).hasSize(1);
    }

    @Test
    void anAsciiUpstreamUrlIsHandedOnAsItIsWithItsPercentEncodingsUntouched() {
        URI url = URI.create("http://127.0.0.1:8089/api/v1/providers/a%2Fb/J%C3%BCrgen;v=1?name=J%C3%BCrgen&sum=1+2");

        assertThat(UpstreamRoutingFilter.asSent(url)).isSameAs(url);
    }

    @Test
    void anUpstreamUrlWithNonAsciiCharactersIsPercentEncodedAsUtf8() throws URISyntaxException {
        URI url = new URI("http", null, "127.0.0.1", 8089, "/api/v1/providers/J\u00fcrgen", "name=\u00e9", null);

        URI sent = UpstreamRoutingFilter.asSent(url);

        assertThat(sent.getRawPath()).isEqualTo("/api/v1/providers/J%C3%BCrgen");
        assertThat(sent.getRawQuery()).isEqualTo("name=%C3%A9");
        assertThat(sent.getHost()).isEqualTo("127.0.0.1");
        assertThat(sent.getPort()).isEqualTo(8089);
    }

    @Test
    void buildsAClientOncePerRouteAndAgainWhenTheRouteIsReplaced() {
        Route route = route("booking", Map.of());

        HttpClient first = filter.getHttpClient(route, exchange);
        HttpClient again = filter.getHttpClient(route, exchange);
        HttpClient refreshed = filter.getHttpClient(route("booking", Map.of("response-timeout", 700)), exchange);

        assertThat(again).isSameAs(first);
        assertThat(refreshed).isNotSameAs(first);
        assertThat(refreshed.configuration().responseTimeout()).isEqualTo(Duration.ofMillis(700));
    }
}
