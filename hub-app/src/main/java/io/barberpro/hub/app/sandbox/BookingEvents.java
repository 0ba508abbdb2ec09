package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands booking changes to the platform's event sink (the webhooks module's outbox in the embedded
 * default). The sink may block on PostgreSQL, so it is called on the bounded-elastic scheduler, never
 * on the event loop. A node without the webhooks role has no sink: events are then skipped, because
 * nobody could deliver them.
 */
final class BookingEvents {

    static final String CREATED = "booking.created";
    static final String CANCELLED = "booking.cancelled";

    private static final Logger log = LoggerFactory.getLogger(BookingEvents.class);
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private final ObjectProvider<PlatformEventSink> sink;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    BookingEvents(ObjectProvider<PlatformEventSink> sink, ObjectMapper objectMapper, Clock clock) {
        this.sink = sink;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** Completes when the sink has accepted the event; errors when it refused. */
    Mono<Void> publish(String type, Booking booking) {
        PlatformEventSink target = sink.getIfAvailable();
        if (target == null) {
            log.debug("No PlatformEventSink; {} for booking {} not emitted", type, booking.id());
            return Mono.empty();
        }
        PlatformEvent event = new PlatformEvent(UUID.randomUUID(), type, booking.partnerId(), clock.instant(),
                objectMapper.convertValue(BookingView.of(booking), PAYLOAD));
        return Mono.fromRunnable(() -> target.accept(event)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
