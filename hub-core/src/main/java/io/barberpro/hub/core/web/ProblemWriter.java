package io.barberpro.hub.core.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes RFC 9457 problem documents. Members: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} (the request path), plus the extensions {@code code} (the
 * {@link HubError} code) and {@code requestId}.
 */
public class ProblemWriter {

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public Map<String, Object> document(ServerWebExchange exchange, HubError error, String detail,
                                        Map<String, Object> extensions) {
        return document(exchange, error, error.status(), detail, extensions);
    }

    public Map<String, Object> document(ServerWebExchange exchange, HubError error, HttpStatusCode status,
                                        String detail, Map<String, Object> extensions) {
        String path = exchange.getRequest().getPath().value();
        // OPTIONS * has no path, and an empty reference names no occurrence (RFC 9457 §3.1.5)
        Map<String, Object> problem = document(error, status, detail, path.isEmpty() ? null : path,
                RequestIds.of(exchange));
        extensions.forEach(problem::putIfAbsent);
        return problem;
    }

    /**
     * The members in their order, for a problem answered outside an exchange too (the edge's own 408 before a
     * request exists); {@code detail} and {@code instance} are left out when null.
     */
    public static Map<String, Object> document(HubError error, HttpStatusCode status, String detail,
                                               String instance, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", error.type().toString());
        problem.put("title", error.title());
        problem.put("status", status.value());
        if (detail != null) {
            problem.put("detail", detail);
        }
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("code", error.code());
        problem.put("requestId", requestId);
        return problem;
    }

    public Mono<Void> write(ServerWebExchange exchange, HubError error, String detail) {
        return write(exchange, error, detail, Map.of());
    }

    public Mono<Void> write(ServerWebExchange exchange, HubError error, String detail, Map<String, Object> extensions) {
        return write(exchange, error.status(), document(exchange, error, detail, extensions));
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, Map<String, Object> problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body;
        try {
            body = objectMapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        response.getHeaders().set(RequestIds.HEADER, RequestIds.of(exchange));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
