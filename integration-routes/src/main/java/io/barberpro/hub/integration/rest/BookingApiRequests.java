package io.barberpro.hub.integration.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.integration.api.BookingKey;
import io.barberpro.hub.integration.api.CreateBookingCommand;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns canonical commands into booking platform requests (method, path, headers, JSON body). */
final class BookingApiRequests {

    static final String PARTNER_HEADER = "X-Partner-Id";
    /** The partner the call is for; responses carry no partner, so it is kept on the exchange. */
    static final String PARTNER_PROPERTY = "HubPartnerId";
    private static final String BOOKINGS = "/api/v1/bookings";

    private final ObjectMapper objectMapper;

    BookingApiRequests(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void create(CreateBookingCommand command, Exchange exchange) throws JsonProcessingException {
        Message message = prepare(exchange, command.partnerId(), "POST", BOOKINGS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("providerId", command.provider() == null ? null : command.provider().id());
        body.put("serviceId", command.service() == null ? null : command.service().id());
        body.put("start", command.start() == null ? null : command.start().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (command.customer() != null) {
            Map<String, Object> customer = new LinkedHashMap<>();
            customer.put("name", command.customer().name());
            customer.put("email", command.customer().email());
            body.put("customer", customer);
        }
        body.put("partnerReference", command.partnerReference());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(objectMapper.writeValueAsString(body));
    }

    public void get(BookingKey key, Exchange exchange) {
        prepare(exchange, key.partnerId(), "GET", BOOKINGS + "/" + key.bookingId()).setBody(null);
    }

    public void cancel(BookingKey key, Exchange exchange) {
        prepare(exchange, key.partnerId(), "POST", BOOKINGS + "/" + key.bookingId() + "/cancel").setBody(null);
    }

    private static Message prepare(Exchange exchange, UUID partnerId, String method, String path) {
        exchange.setProperty(PARTNER_PROPERTY, partnerId);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader("Accept", "application/json, application/problem+json");
        message.setHeader(PARTNER_HEADER, partnerId.toString());
        return message;
    }
}
