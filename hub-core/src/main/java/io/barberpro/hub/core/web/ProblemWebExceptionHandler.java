package io.barberpro.hub.core.web;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Last line of defence: every failure leaves as problem+json, never as a stack trace. Unexpected
 * errors are logged with the request id and answered with that id only.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

    /** Before Boot's DefaultErrorWebExceptionHandler (-1), which would render its own JSON. */
    public static final int ORDER = -2;

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ProblemWriter writer;

    public ProblemWebExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        // also as a cause: a request body stream failed by the edge (a stalled body) surfaces wrapped
        HubProblemException problem = causeOf(ex, HubProblemException.class);
        if (problem != null) {
            return writer.write(exchange, problem.error(), problem.detail(), problem.properties());
        }
        if (ex instanceof WebExchangeBindException bind) {
            List<Map<String, String>> errors = bind.getFieldErrors().stream()
                    .map(ProblemWebExceptionHandler::fieldError)
                    .toList();
            return writer.write(exchange, HubError.VALIDATION_FAILED,
                    "One or more fields are invalid", Map.of("errors", errors));
        }
        if (ex instanceof ServerWebInputException input) {
            UnrecognizedPropertyException unknown = causeOf(input, UnrecognizedPropertyException.class);
            if (unknown != null) {
                return writer.write(exchange, HubError.UNKNOWN_FIELD,
                        "Unknown field '" + unknown.getPropertyName() + "'");
            }
            String detail = causeOf(input, DecodingException.class) != null
                    ? "The request body is not valid JSON for this operation"
                    : input.getReason();
            return writer.write(exchange, HubError.BAD_REQUEST, detail);
        }
        if (ex instanceof ResponseStatusException status) {
            HubError error = forStatus(status.getStatusCode());
            // Spring's own reasons name internals ("No static resource …"); a partner only needs the status.
            String detail = error == HubError.NOT_FOUND ? "Nothing is served at this path" : status.getReason();
            // what the status needs beside it: Allow with a 405 (RFC 9110 §15.5.6 requires it), Accept with a 415
            exchange.getResponse().getHeaders().putAll(status.getHeaders());
            return writer.write(exchange, status.getStatusCode(),
                    writer.document(exchange, error, status.getStatusCode(), detail, Map.of()));
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // the caller hung up (a partner, or the gateway abandoning an upstream call): nobody to answer
            log.debug("Caller gone during {} {} (request {}): {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), RequestIds.of(exchange), ex.toString());
            return Mono.empty();
        }
        log.error("Unhandled error on {} {} (request {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), RequestIds.of(exchange), ex);
        return writer.write(exchange, HubError.INTERNAL,
                "An internal error occurred; quote request id " + RequestIds.of(exchange) + " to support");
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage());
    }

    static HubError forStatus(HttpStatusCode status) {
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return HubError.NOT_FOUND;
        }
        if (status.value() == HttpStatus.METHOD_NOT_ALLOWED.value()) {
            return HubError.METHOD_NOT_ALLOWED;
        }
        if (status.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            return HubError.UNSUPPORTED_MEDIA_TYPE;
        }
        if (status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
            return HubError.PAYLOAD_TOO_LARGE;
        }
        if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            return HubError.UNAUTHENTICATED;
        }
        if (status.value() == HttpStatus.FORBIDDEN.value()) {
            return HubError.FORBIDDEN;
        }
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            return HubError.UPSTREAM_UNAVAILABLE;
        }
        if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
            return HubError.UPSTREAM_TIMEOUT;
        }
        return status.is4xxClientError() ? HubError.BAD_REQUEST : HubError.INTERNAL;
    }

    private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
