package io.barberpro.hub.app.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bookings in memory. Reads are lock-free over concurrent maps; every change takes the store's
 * monitor, so "is the slot free / is the reference new" and "take it" happen as one step. The
 * sandbox's volume makes one lock for all writes ample.
 */
final class InMemoryBookingStore {

    private final Map<UUID, Booking> byId = new ConcurrentHashMap<>();
    private final Map<PartnerReference, UUID> byReference = new ConcurrentHashMap<>();

    private record PartnerReference(UUID partnerId, String reference) {
    }

    sealed interface Reservation {
        /** The candidate now holds its slot, pending its event. */
        record Reserved(Booking booking) implements Reservation {
        }

        /** The partner already used this reference. */
        record Existing(Booking booking) implements Reservation {
        }

        /** Another booking of the provider overlaps. */
        record SlotTaken() implements Reservation {
        }
    }

    sealed interface CancelStart {
        record Started(Booking booking) implements CancelStart {
        }

        record NotFound() implements CancelStart {
        }

        record AlreadyCancelled() implements CancelStart {
        }

        record InProgress() implements CancelStart {
        }
    }

    synchronized Reservation reserve(Booking candidate) {
        PartnerReference reference = new PartnerReference(candidate.partnerId(), candidate.partnerReference());
        UUID existing = byReference.get(reference);
        if (existing != null) {
            return new Reservation.Existing(byId.get(existing));
        }
        boolean taken = byId.values().stream()
                .anyMatch(b -> b.providerId().equals(candidate.providerId()) && b.holdsSlot()
                        && b.overlaps(candidate.start(), candidate.end()));
        if (taken) {
            return new Reservation.SlotTaken();
        }
        Booking pending = candidate.withPending(Booking.Pending.CREATE);
        byId.put(pending.id(), pending);
        byReference.put(reference, pending.id());
        return new Reservation.Reserved(pending);
    }

    synchronized Booking confirmCreated(UUID id) {
        return byId.computeIfPresent(id, (key, b) -> b.withPending(Booking.Pending.NONE));
    }

    /** Undoes a reservation whose event could not be recorded. */
    synchronized void abandon(UUID id) {
        Booking removed = byId.remove(id);
        if (removed != null) {
            byReference.remove(new PartnerReference(removed.partnerId(), removed.partnerReference()));
        }
    }

    synchronized CancelStart beginCancel(UUID partnerId, UUID id) {
        Optional<Booking> found = find(partnerId, id);
        if (found.isEmpty()) {
            return new CancelStart.NotFound();
        }
        Booking booking = found.get();
        if (booking.status() == BookingStatus.CANCELLED) {
            return new CancelStart.AlreadyCancelled();
        }
        if (booking.pending() == Booking.Pending.CANCEL) {
            return new CancelStart.InProgress();
        }
        Booking cancelling = booking.withPending(Booking.Pending.CANCEL);
        byId.put(id, cancelling);
        return new CancelStart.Started(cancelling);
    }

    synchronized Booking completeCancel(Booking cancelled) {
        byId.put(cancelled.id(), cancelled);
        return cancelled;
    }

    synchronized void abortCancel(UUID id) {
        byId.computeIfPresent(id, (key, b) -> b.withPending(Booking.Pending.NONE));
    }

    /** The partner's visible booking; another partner's booking is as absent as a missing one. */
    Optional<Booking> find(UUID partnerId, UUID id) {
        return Optional.ofNullable(byId.get(id)).filter(b -> b.partnerId().equals(partnerId) && b.isVisible());
    }

    /** The partner's booking under this reference, including one still pending creation. */
    Optional<Booking> referenced(UUID partnerId, String reference) {
        return Optional.ofNullable(byReference.get(new PartnerReference(partnerId, reference))).map(byId::get);
    }

    /** The partner's visible bookings, oldest first. */
    List<Booking> ofPartner(UUID partnerId) {
        return byId.values().stream()
                .filter(b -> b.partnerId().equals(partnerId) && b.isVisible())
                .sorted(Comparator.comparing(Booking::createdAt).thenComparing(Booking::id))
                .toList();
    }

    /** Bookings of any partner that occupy the provider's chair. */
    List<Booking> holdingSlots(String providerId) {
        return byId.values().stream().filter(b -> b.providerId().equals(providerId) && b.holdsSlot()).toList();
    }
}
