package io.barberpro.hub.registry.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.registry.audit.Actor;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Shared plumbing of admin handlers: strict JSON bodies, the acting principal, and moving blocking
 * JDBC work off the event loop.
 *
 * <p>Admin bodies are read with a copy of the application's {@link ObjectMapper} that fails on
 * unknown members, so a typo ({@code "legalname"}) is a {@code 400 unknown-field} rather than a
 * silently ignored value; the global mapper (partner-facing APIs) is left as it is.
 */
public class AdminRequests {

    /** Boot's codec limit ({@code spring.codec.max-in-memory-size}, 256 KB by default) bounds admin bodies. */
    private static final String MAX_BODY_DESCRIPTION = "spring.codec.max-in-memory-size (256 KB by default)";

    private final ObjectMapper strict;

    public AdminRequests(ObjectMapper objectMapper) {
        this.strict = objectMapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as {@code type}; an absent body is a {@code 400 bad-request}. */
    public <T> Mono<T> body(ServerRequest request, Class<T> type) {
        return optionalBody(request, type)
                .switchIfEmpty(Mono.error(() -> new HubProblemException(HubError.BAD_REQUEST, "A JSON body is required")));
    }

    /** The body as {@code type}, or empty when the request has none. */
    public <T> Mono<T> optionalBody(ServerRequest request, Class<T> type) {
        MediaType contentType = request.headers().contentType().orElse(MediaType.APPLICATION_JSON);
        return request.bodyToMono(byte[].class)
                .onErrorMap(DataBufferLimitException.class, e -> new HubProblemException(HubError.PAYLOAD_TOO_LARGE,
                        "Admin request bodies are limited to " + MAX_BODY_DESCRIPTION))
                .filter(bytes -> bytes.length > 0)
                .map(bytes -> {
                    if (!contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                        throw new HubProblemException(HubError.UNSUPPORTED_MEDIA_TYPE,
                                "Admin requests take application/json");
                    }
                    return parse(bytes, type);
                });
    }

    /**
     * A body in a binary format such as {@code application/pkix-crl}, too large for the JSON codec's limit:
     * another content type is a {@code 415}, a body over {@code maxSize} a {@code 413}, none a {@code 400}.
     */
    public Mono<byte[]> binaryBody(ServerRequest request, MediaType type, DataSize maxSize) {
        MediaType contentType = request.headers().contentType().orElse(null);
        if (contentType == null || !type.isCompatibleWith(contentType)) {
            return Mono.error(new HubProblemException(HubError.UNSUPPORTED_MEDIA_TYPE, "This resource takes " + type));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) Math.min(maxSize.toBytes(),
                        Integer.MAX_VALUE))
                .onErrorMap(DataBufferLimitException.class, e -> new HubProblemException(HubError.PAYLOAD_TOO_LARGE,
                        "The body is limited to " + maxSize.toKilobytes() + " KB"))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .filter(bytes -> bytes.length > 0)
                .switchIfEmpty(Mono.error(() -> new HubProblemException(HubError.BAD_REQUEST,
                        "A " + type + " body is required")));
    }

    <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return strict.readValue(bytes, type);
        } catch (UnrecognizedPropertyException e) {
            throw new HubProblemException(HubError.UNKNOWN_FIELD, "Unknown field '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw new HubProblemException(HubError.BAD_REQUEST, "The body must be a JSON object");
            }
            throw FieldErrors.single(path(e), "has the wrong type or format");
        } catch (JsonMappingException e) {
            if (!e.getPath().isEmpty()) {
                throw FieldErrors.single(path(e), "is not valid");
            }
            throw new HubProblemException(HubError.BAD_REQUEST, "The request body is not valid JSON");
        } catch (JsonProcessingException e) {
            throw new HubProblemException(HubError.BAD_REQUEST, "The request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new HubProblemException(HubError.BAD_REQUEST, "The request body cannot be read");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The authenticated admin principal and request id of this exchange. */
    public static Actor actor(ServerRequest request) {
        String name = request.exchange().getAttribute(AdminAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
        return new Actor(name == null ? "unknown" : name, RequestIds.of(request.exchange()));
    }

    /** Runs blocking work (JDBC) on the bounded-elastic scheduler, never on the event loop. */
    public static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    public static UUID uuid(ServerRequest request, String variable) {
        String raw = request.pathVariable(variable);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new HubProblemException(HubError.NOT_FOUND, "Unknown " + variable);
        }
    }
}
