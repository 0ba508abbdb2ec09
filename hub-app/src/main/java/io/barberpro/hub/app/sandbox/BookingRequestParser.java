package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a create-booking body field by field instead of binding it, so every mistake (unknown
 * field, missing field, wrong type, bad value) lands in one {@code errors} list.
 */
final class BookingRequestParser {

    private static final Set<String> FIELDS = Set.of("providerId", "serviceId", "start", "customer", "partnerReference");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("name", "email");
    /** Pragmatic, not RFC 5322: one @, no spaces, a dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:/#-]{1,100}");
    private static final int MAX_ID = 100;
    private static final int MAX_NAME = 120;
    private static final int MAX_EMAIL = 254;

    private final ObjectMapper objectMapper;

    BookingRequestParser(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    BookingRequest parse(String body) {
        JsonNode root = readTree(body);
        FieldErrors errors = new FieldErrors();
        unknownFields(root, FIELDS, "", errors);
        String providerId = text(root, "providerId", "providerId", MAX_ID, errors);
        String serviceId = text(root, "serviceId", "serviceId", MAX_ID, errors);
        OffsetDateTime start = start(root, errors);
        Customer customer = customer(root, errors);
        String reference = text(root, "partnerReference", "partnerReference", 100, errors);
        if (reference != null && !REFERENCE.matcher(reference).matches()) {
            errors.add("partnerReference", "may contain only letters, digits and . _ : / # -");
        }
        errors.throwIfAny();
        return new BookingRequest(providerId, serviceId, start, customer, reference);
    }

    private JsonNode readTree(String body) {
        if (body == null || body.isBlank()) {
            throw new HubProblemException(HubError.BAD_REQUEST, "A JSON body is required");
        }
        JsonNode root;
        try {
            root = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HubProblemException(HubError.BAD_REQUEST, "The request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new HubProblemException(HubError.BAD_REQUEST, "The request body must be a JSON object");
        }
        return root;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, FieldErrors errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(prefix + name, FieldErrors.UNKNOWN_FIELD);
            }
        }
    }

    private static String text(JsonNode parent, String name, String path, int maxLength, FieldErrors errors) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            errors.add(path, "is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.add(path, "must be a string");
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            errors.add(path, "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(path, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    private static OffsetDateTime start(JsonNode root, FieldErrors errors) {
        String raw = text(root, "start", "start", 64, errors);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            errors.add("start", "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T10:30:00-03:00");
            return null;
        }
    }

    private static Customer customer(JsonNode root, FieldErrors errors) {
        JsonNode node = root.get("customer");
        if (node == null || node.isNull()) {
            errors.add("customer", "is required");
            return null;
        }
        if (!node.isObject()) {
            errors.add("customer", "must be an object with name and email");
            return null;
        }
        unknownFields(node, CUSTOMER_FIELDS, "customer.", errors);
        String name = text(node, "name", "customer.name", MAX_NAME, errors);
        String email = text(node, "email", "customer.email", MAX_EMAIL, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add("customer.email", "must be an e-mail address");
            email = null;
        }
        return name == null || email == null ? null : new Customer(name, email);
    }
}
