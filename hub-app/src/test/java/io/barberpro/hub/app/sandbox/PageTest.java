package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;

class PageTest {

    @Test
    void theNextLinkKeepsOtherQueryValuesIntact() {
        MockServerRequest request = MockServerRequest.builder().method(HttpMethod.GET)
                .uri(URI.create("/api/v1/bookings?partnerReference=a%26b%20c&size=1"))
                .queryParam("partnerReference", "a&b c").queryParam("size", "1")
                .build();

        Page<Integer> page = new Page.Request(0, 1).slice(List.of(1, 2, 3), Function.identity(), request);

        assertThat(page.next()).isEqualTo("/api/v1/bookings?partnerReference=a%26b%20c&page=1&size=1");
        assertThat(page.page()).isEqualTo(new Page.Meta(0, 1, 3, 3));
    }

    @Test
    void theLastPageHasNoNextLink() {
        MockServerRequest request = MockServerRequest.builder().uri(URI.create("/api/v1/providers")).build();

        Page<Integer> page = new Page.Request(1, 2).slice(List.of(1, 2, 3), Function.identity(), request);

        assertThat(page.items()).containsExactly(3);
        assertThat(page.next()).isNull();
    }
}
