package io.barberpro.hub.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.netty.channel.AbortedException;

class ProblemWebExceptionHandlerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ProblemWebExceptionHandler handler = new ProblemWebExceptionHandler(new ProblemWriter(json));

    @Test
    void hubProblemBecomesAnRfc9457DocumentWithCodeAndRequestId() throws Exception {
        // given a request that carries its own well-formed request id
        MockServerWebExchange exchange = exchange("/admin/v1/partners", "req-12345678");

        // when a handler fails with a hub problem carrying an extension
        handler.handle(exchange, new HubProblemException(HubError.DUPLICATE, "slug taken", Map.of("field", "slug"))).block();

        // then the answer is problem+json with every RFC 9457 member, our code and the same request id
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = body(exchange);
        assertThat(problem.path("type").asText()).isEqualTo(HubError.TYPE_BASE + "duplicate");
        assertThat(problem.path("title").asText()).isEqualTo(HubError.DUPLICATE.title());
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asText()).isEqualTo("slug taken");
        assertThat(problem.path("instance").asText()).isEqualTo("/admin/v1/partners");
        assertThat(problem.path("code").asText()).isEqualTo("duplicate");
        assertThat(problem.path("requestId").asText()).isEqualTo("req-12345678");
        assertThat(problem.path("field").asText()).isEqualTo("slug");
    }

    @Test
    void aMethodTheResourceDoesNotAllowGets405ProblemWithTheAllowedMethods() throws Exception {
        // given a request with a method the matched resource does not serve
        MockServerWebExchange exchange = exchange("/admin/v1/partners", null);

        // when the framework refuses it
        handler.handle(exchange, new MethodNotAllowedException(HttpMethod.DELETE, Set.of(HttpMethod.GET, HttpMethod.POST)))
                .block();

        // then a 405 problem naming what is allowed, as RFC 9110 requires of a 405
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(exchange.getResponse().getHeaders().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
        assertThat(body(exchange).path("code").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void aRequestForTheServerAsAWholeGetsAProblemWithoutAnInstance() throws Exception {
        // given OPTIONS *, which reaches the handler with an empty path
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.options("http://edge.example"));
        assertThat(exchange.getRequest().getPath().value()).isEmpty();

        // when nothing serves it
        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block();

        // then the problem leaves instance out rather than naming an empty reference
        assertThat(body(exchange).has("instance")).isFalse();
        assertThat(body(exchange).path("code").asText()).isEqualTo("not-found");
    }

    @Test
    void aHubProblemWrappedByTheFrameworkIsStillAnsweredAsThatProblem() throws Exception {
        // given a request whose body stream the edge failed with a request-timeout problem
        MockServerWebExchange exchange = exchange("/api/v1/bookings", null);

        // when the failure arrives wrapped, as Spring wraps body read failures
        handler.handle(exchange, new ServerWebInputException("Failed to read HTTP message", null,
                new HubProblemException(HubError.REQUEST_TIMEOUT, "The request body paused for more than 30000 ms"))).block();

        // then the partner gets that problem, not a generic bad request
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.REQUEST_TIMEOUT);
        assertThat(body(exchange).path("code").asText()).isEqualTo("request-timeout");
        assertThat(body(exchange).path("detail").asText()).isEqualTo("The request body paused for more than 30000 ms");
    }

    @Test
    void aCallerThatHungUpGetsNothingWrittenAndNoInternalError() {
        // given a request whose caller closed the connection
        MockServerWebExchange exchange = exchange("/api/v1/bookings", null);

        // when the handler fails because the connection is gone
        handler.handle(exchange, AbortedException.beforeSend()).block();

        // then nothing is answered: no status set, nothing written
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    @Test
    void unexpectedErrorsAnswer500WithoutTheirMessageOrStackTrace() throws Exception {
        MockServerWebExchange exchange = exchange("/api/v1/x", null);

        handler.handle(exchange, new IllegalStateException("password=hunter2 at com.example.Secret")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        String raw = exchange.getResponse().getBodyAsString().block();
        assertThat(raw).doesNotContain("hunter2").doesNotContain("com.example").doesNotContain("Exception");
        assertThat(body(exchange).path("code").asText()).isEqualTo("internal");
    }

    @Test
    void springNotFoundDoesNotNameInternals() throws Exception {
        MockServerWebExchange exchange = exchange("/nothing", null);

        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND, "No static resource nothing.")).block();

        JsonNode problem = body(exchange);
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("code").asText()).isEqualTo("not-found");
        assertThat(problem.path("detail").asText()).doesNotContain("static");
    }

    @Test
    void malformedIncomingRequestIdIsReplaced() {
        MockServerWebExchange exchange = exchange("/x", "bad id\r\nInjected: yes");

        String id = RequestIds.of(exchange);

        assertThat(id).isNotEqualTo("bad id\r\nInjected: yes").matches("[0-9a-f-]{36}");
    }

    private static MockServerWebExchange exchange(String path, String requestId) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
        if (requestId != null) {
            request.header(RequestIds.HEADER, requestId);
        }
        return MockServerWebExchange.from(request);
    }

    private JsonNode body(MockServerWebExchange exchange) throws Exception {
        return json.readTree(exchange.getResponse().getBodyAsString().block());
    }
}
