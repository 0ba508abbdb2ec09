package io.barberpro.hub.webhooks.api;

/**
 * Where the booking platform (the sandbox in the embedded default) hands its booking changes. In
 * the embedded default the sink writes to the outbox in-process; in cluster mode it publishes to the
 * platform Kafka topic, from which the webhooks module ingests.
 */
public interface PlatformEventSink {

    void accept(PlatformEvent event);
}
