package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.webhooks.api.PlatformEventSink;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import reactor.test.StepVerifier;

class BookingEventsTest {

    @Test
    void skipsEventsWhenNoSinkIsDeployed() {
        BookingEvents events = new BookingEvents(new DefaultListableBeanFactory().getBeanProvider(PlatformEventSink.class),
                Jackson2ObjectMapperBuilder.json().build(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        OffsetDateTime start = OffsetDateTime.parse("2026-11-24T10:00:00-03:00");
        Booking booking = new Booking(UUID.randomUUID(), UUID.randomUUID(), "p", "s", start, start.plusMinutes(30),
                new Customer("Ana", "ana@example.com"), "r-1", BookingStatus.CONFIRMED, Instant.EPOCH, null,
                Booking.Pending.NONE);

        StepVerifier.create(events.publish(BookingEvents.CREATED, booking)).verifyComplete();
    }
}
