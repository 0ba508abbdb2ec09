package io.barberpro.hub.core.error;

import java.util.Map;

/**
 * Thrown by hub code to answer with a problem. {@code detail} is shown to the caller, so it must
 * never carry a secret or a hint that helps an attacker; {@code properties} become extension
 * members of the problem document (e.g. {@code errors} for field validation).
 */
public class HubProblemException extends RuntimeException {

    private final HubError error;
    private final transient Map<String, Object> properties;

    public HubProblemException(HubError error, String detail) {
        this(error, detail, Map.of());
    }

    public HubProblemException(HubError error, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.error = error;
        this.properties = Map.copyOf(properties);
    }

    public HubError error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
