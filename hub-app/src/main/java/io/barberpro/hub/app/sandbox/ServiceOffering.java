package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/** A service a provider sells; {@code id} is unique within its provider. */
record ServiceOffering(String id, String name, int durationMinutes, Money price) {

    @JsonIgnore
    Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }
}
