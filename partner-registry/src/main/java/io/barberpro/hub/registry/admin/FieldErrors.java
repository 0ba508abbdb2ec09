package io.barberpro.hub.registry.admin;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects every field error of one admin request, so a caller learns all its mistakes at once
 * ({@code 400 validation-failed} with {@code errors[]} of {@code {field, message}}).
 */
public final class FieldErrors {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** Pragmatic address check: one @, no spaces, a dotted domain with a 2+ letter TLD. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final List<Map<String, String>> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
        return this;
    }

    public boolean required(String field, Object value) {
        if (value == null || (value instanceof String text && text.isBlank())
                || (value instanceof Collection<?> collection && collection.isEmpty())) {
            add(field, "must be present");
            return false;
        }
        return true;
    }

    public void text(String field, String value, int maxLength, boolean required) {
        if (required ? required(field, value) : value != null) {
            if (value.isBlank()) {
                add(field, "must not be blank");
            } else if (value.length() > maxLength) {
                add(field, "must be at most " + maxLength + " characters");
            }
        }
    }

    public void slug(String field, String value, boolean required) {
        if ((required ? required(field, value) : value != null) && !SLUG.matcher(value).matches()) {
            add(field, "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
    }

    public void email(String field, String value, boolean required) {
        if ((required ? required(field, value) : value != null)
                && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            add(field, "must be an e-mail address");
        }
    }

    public void country(String field, String value, boolean required) {
        if ((required ? required(field, value) : value != null) && !COUNTRIES.contains(value)) {
            add(field, "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. AR");
        }
    }

    public void positive(String field, Number value, boolean required) {
        if ((required ? required(field, value) : value != null) && value.longValue() <= 0) {
            add(field, "must be greater than 0");
        }
    }

    public void future(String field, Instant value, Instant now) {
        if (value != null && !value.isAfter(now)) {
            add(field, "must be in the future");
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws {@code validation-failed} when any error was collected. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "One or more fields are invalid",
                    Map.of("errors", List.copyOf(errors)));
        }
    }

    public static HubProblemException single(String field, String message) {
        return new HubProblemException(HubError.VALIDATION_FAILED, "One or more fields are invalid",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
