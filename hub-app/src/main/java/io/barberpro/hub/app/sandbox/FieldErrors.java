package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects every mistake in a request so the caller can fix them in one round trip; becomes the
 * problem's {@code errors} member ({@code [{"field": ..., "message": ...}]}).
 */
final class FieldErrors {

    static final String UNKNOWN_FIELD = "is not a field of this operation";

    private final List<Map<String, String>> errors = new ArrayList<>();
    private boolean onlyUnknownFields = true;

    FieldErrors add(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
        onlyUnknownFields &= UNKNOWN_FIELD.equals(message);
        return this;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw toProblem();
        }
    }

    HubProblemException toProblem() {
        HubError error = onlyUnknownFields ? HubError.UNKNOWN_FIELD : HubError.VALIDATION_FAILED;
        String detail = errors.size() == 1 ? "One field is invalid" : errors.size() + " fields are invalid";
        return new HubProblemException(error, detail, Map.of("errors", List.copyOf(errors)));
    }

    static HubProblemException single(String field, String message) {
        return new FieldErrors().add(field, message).toProblem();
    }
}
