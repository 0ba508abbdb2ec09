package io.barberpro.hub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.core.listener.AdminListenerOnly;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

class EdgeHttpHandlerTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void thePartnerEdgeRunsEveryWebFilterButThoseForAdminPathsOnly() {
        // given an application with a filter for every path and one for admin paths only
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(WebHttpHandlerBuilder.WEB_HANDLER_BEAN_NAME, WebHandler.class,
                    () -> exchange -> Mono.fromRunnable(() -> ran.add("handler")));
            context.registerBean("everyPath", WebFilter.class, () -> new Recording("every path"));
            context.registerBean("adminOnly", WebFilter.class, () -> new AdminOnlyRecording("admin only"));
            context.refresh();

            // when a request goes through the edge's handler and through the one the admin listener gets
            HttpHandler edge = HubCoreAutoConfiguration.edgeHttpHandler(context);
            edge.handle(MockServerHttpRequest.get("/api/v1/providers").build(), new MockServerHttpResponse()).block();
            List<String> onTheEdge = List.copyOf(ran);
            ran.clear();
            WebHttpHandlerBuilder.applicationContext(context).build()
                    .handle(MockServerHttpRequest.get("/admin/v1/partners").build(), new MockServerHttpResponse()).block();

            // then the edge skipped the admin-only filter, the admin listener's handler did not
            assertThat(onTheEdge).containsExactly("every path", "handler");
            assertThat(ran).containsExactly("every path", "admin only", "handler");
        }
    }

    private class Recording implements WebFilter {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            ran.add(name);
            return chain.filter(exchange);
        }
    }

    private class AdminOnlyRecording extends Recording implements AdminListenerOnly {
        AdminOnlyRecording(String name) {
            super(name);
        }
    }
}
