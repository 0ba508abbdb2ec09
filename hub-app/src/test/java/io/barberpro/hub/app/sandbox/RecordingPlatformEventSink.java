package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the webhooks module at the module boundary: records events, or refuses them on demand. */
class RecordingPlatformEventSink implements PlatformEventSink {

    record Received(PlatformEvent event, String thread) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void accept(PlatformEvent event) {
        if (failing) {
            throw new IllegalStateException("outbox unavailable (test)");
        }
        received.add(new Received(event, Thread.currentThread().getName()));
    }

    List<Received> of(UUID partnerId) {
        return received.stream().filter(r -> r.event().partnerId().equals(partnerId)).toList();
    }

    void failing(boolean failing) {
        this.failing = failing;
    }
}
