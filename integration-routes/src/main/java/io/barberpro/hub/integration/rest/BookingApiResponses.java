package io.barberpro.hub.integration.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.integration.api.BookingApiException;
import io.barberpro.hub.integration.api.BookingStatus;
import io.barberpro.hub.integration.api.CanonicalBooking;
import io.barberpro.hub.integration.api.Customer;
import io.barberpro.hub.integration.api.ProviderRef;
import io.barberpro.hub.integration.api.ServiceRef;
import java.io.InterruptedIOException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the booking platform's answers: a booking becomes a {@link CanonicalBooking}; a problem
 * becomes a {@link BookingApiException} with the hub's error code.
 *
 * <p>The platform's 4xx problems are the partner's mistakes and pass through with their detail and
 * field {@code errors}. Everything else is the hub's or the platform's trouble and is told in the
 * hub's own words: a 401/403 means the hub called wrongly ({@code internal}); 5xx and 429 mean the
 * platform cannot serve now ({@code upstream-unavailable}, or {@code upstream-timeout} for 504).
 */
final class BookingApiResponses {

    private static final Logger log = LoggerFactory.getLogger(BookingApiResponses.class);
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {
    };

    private final ObjectMapper objectMapper;

    BookingApiResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public CanonicalBooking booking(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        if (status >= 200 && status < 300) {
            return read(body, exchange.getProperty(BookingApiRequests.PARTNER_PROPERTY, UUID.class), status);
        }
        throw problem(status, body);
    }

    /** In a {@code doCatch}: no answer at all from the platform. */
    public void transportFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.warn("Booking platform call failed: {}", String.valueOf(cause));
        if (cause instanceof InterruptedIOException) {
            throw new BookingApiException(HubError.UPSTREAM_TIMEOUT, "The booking platform did not answer in time", 0, Map.of());
        }
        throw new BookingApiException(HubError.UPSTREAM_UNAVAILABLE, "The booking platform is unreachable", 0, Map.of());
    }

    BookingApiException problem(int status, String body) {
        Optional<JsonNode> problem = parse(body).filter(JsonNode::isObject);
        HubError error = errorFor(status, problem.map(p -> p.path("code").asText(null)).orElse(null));
        boolean partnersMistake = status >= 400 && status < 500 && error != HubError.INTERNAL
                && error != HubError.UPSTREAM_UNAVAILABLE;
        if (!partnersMistake) {
            log.warn("Booking platform answered {} ({})", status, error.code());
            return new BookingApiException(error, ownWords(error), status, Map.of());
        }
        String detail = problem.map(p -> p.path("detail").asText(null)).orElse(error.title());
        Map<String, Object> properties = problem.map(p -> p.get("errors")).filter(JsonNode::isArray)
                .<Map<String, Object>>map(errors -> Map.of("errors", objectMapper.convertValue(errors, LIST)))
                .orElse(Map.of());
        return new BookingApiException(error, detail, status, properties);
    }

    static HubError errorFor(int status, String code) {
        if (status == 504) {
            return HubError.UPSTREAM_TIMEOUT;
        }
        if (status >= 500 || status == 429) {
            return HubError.UPSTREAM_UNAVAILABLE;
        }
        if (status < 400 || status == 401 || status == 403) {
            return HubError.INTERNAL;
        }
        return Arrays.stream(HubError.values())
                .filter(e -> e.code().equals(code) && e.status().value() == status)
                .findFirst()
                .orElseGet(() -> switch (status) {
                    case 404 -> HubError.NOT_FOUND;
                    case 409 -> HubError.CONFLICT;
                    case 413 -> HubError.PAYLOAD_TOO_LARGE;
                    case 415 -> HubError.UNSUPPORTED_MEDIA_TYPE;
                    case 422 -> HubError.UNPROCESSABLE;
                    default -> HubError.BAD_REQUEST;
                });
    }

    private static String ownWords(HubError error) {
        return switch (error) {
            case UPSTREAM_TIMEOUT -> "The booking platform did not answer in time";
            case UPSTREAM_UNAVAILABLE -> "The booking platform cannot serve the request now; retry later";
            default -> "The hub could not complete the call to the booking platform";
        };
    }

    private CanonicalBooking read(String body, UUID partnerId, int status) {
        try {
            JsonNode json = objectMapper.readTree(body);
            JsonNode customer = json.path("customer");
            return new CanonicalBooking(UUID.fromString(json.path("id").asText()), partnerId,
                    new ProviderRef(json.path("providerId").asText()), new ServiceRef(json.path("serviceId").asText()),
                    time(json, "start"), time(json, "end"),
                    new Customer(customer.path("name").asText(null), customer.path("email").asText(null)),
                    json.path("partnerReference").asText(null), BookingStatus.valueOf(json.path("status").asText()),
                    time(json, "createdAt"), json.hasNonNull("cancelledAt") ? time(json, "cancelledAt") : null);
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("Unreadable booking from the booking platform (status {}): {}", status, e.toString());
            throw new BookingApiException(HubError.INTERNAL, "The booking platform's answer could not be read", status, Map.of());
        }
    }

    private static OffsetDateTime time(JsonNode json, String field) {
        return OffsetDateTime.parse(json.path(field).asText());
    }

    private Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(objectMapper.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
