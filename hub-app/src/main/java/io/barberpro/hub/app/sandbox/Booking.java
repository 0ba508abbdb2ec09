package io.barberpro.hub.app.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A booking as the platform stores it. {@code pending} marks a change whose platform event is not
 * recorded yet: a booking being created is invisible to readers but already holds its slot, and a
 * booking being cancelled still shows as confirmed and still holds its slot, so a failed event can
 * undo the change without anyone having seen it or having taken the slot in between.
 */
record Booking(UUID id, UUID partnerId, String providerId, String serviceId, OffsetDateTime start,
               OffsetDateTime end, Customer customer, String partnerReference, BookingStatus status,
               Instant createdAt, Instant cancelledAt, Pending pending) {

    enum Pending { NONE, CREATE, CANCEL }

    boolean holdsSlot() {
        return status == BookingStatus.CONFIRMED;
    }

    boolean isVisible() {
        return pending != Pending.CREATE;
    }

    boolean overlaps(OffsetDateTime otherStart, OffsetDateTime otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }

    Booking withPending(Pending next) {
        return new Booking(id, partnerId, providerId, serviceId, start, end, customer, partnerReference, status,
                createdAt, cancelledAt, next);
    }

    Booking cancelled(Instant at) {
        return new Booking(id, partnerId, providerId, serviceId, start, end, customer, partnerReference,
                BookingStatus.CANCELLED, createdAt, at, Pending.NONE);
    }
}
