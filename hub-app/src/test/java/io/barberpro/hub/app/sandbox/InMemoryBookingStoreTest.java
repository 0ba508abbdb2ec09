package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryBookingStoreTest {

    private static final OffsetDateTime TEN = OffsetDateTime.parse("2026-11-24T10:00:00-03:00");

    private final InMemoryBookingStore store = new InMemoryBookingStore();

    @Test
    void exactlyOneOfManyConcurrentRequestsGetsTheSlot() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<InMemoryBookingStore.Reservation>> attempts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Booking candidate = booking(UUID.randomUUID(), "ref-" + i, TEN.plusMinutes(i % 2 == 0 ? 0 : 15));
                attempts.add(() -> store.reserve(candidate));
            }
            List<InMemoryBookingStore.Reservation> outcomes = new ArrayList<>();
            for (Future<InMemoryBookingStore.Reservation> f : pool.invokeAll(attempts)) {
                outcomes.add(f.get());
            }

            assertThat(outcomes).filteredOn(InMemoryBookingStore.Reservation.Reserved.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(InMemoryBookingStore.Reservation.SlotTaken.class::isInstance).hasSize(31);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPendingBookingHoldsItsSlotButIsInvisibleUntilConfirmed() {
        UUID partner = UUID.randomUUID();
        Booking reserved = ((InMemoryBookingStore.Reservation.Reserved) store.reserve(booking(partner, "r-1", TEN))).booking();

        assertThat(store.find(partner, reserved.id())).isEmpty();
        assertThat(store.holdingSlots("p")).hasSize(1);

        store.confirmCreated(reserved.id());
        assertThat(store.find(partner, reserved.id())).isPresent();
    }

    @Test
    void anAbandonedReservationFreesSlotAndReference() {
        UUID partner = UUID.randomUUID();
        Booking reserved = ((InMemoryBookingStore.Reservation.Reserved) store.reserve(booking(partner, "r-1", TEN))).booking();

        store.abandon(reserved.id());

        assertThat(store.holdingSlots("p")).isEmpty();
        assertThat(store.referenced(partner, "r-1")).isEmpty();
        assertThat(store.reserve(booking(partner, "r-1", TEN))).isInstanceOf(InMemoryBookingStore.Reservation.Reserved.class);
    }

    @Test
    void aBookingBeingCancelledKeepsItsSlotAndCannotBeCancelledTwice() {
        UUID partner = UUID.randomUUID();
        Booking reserved = ((InMemoryBookingStore.Reservation.Reserved) store.reserve(booking(partner, "r-1", TEN))).booking();
        store.confirmCreated(reserved.id());

        assertThat(store.beginCancel(partner, reserved.id())).isInstanceOf(InMemoryBookingStore.CancelStart.Started.class);
        assertThat(store.beginCancel(partner, reserved.id())).isInstanceOf(InMemoryBookingStore.CancelStart.InProgress.class);
        assertThat(store.reserve(booking(UUID.randomUUID(), "r-2", TEN)))
                .isInstanceOf(InMemoryBookingStore.Reservation.SlotTaken.class);
        assertThat(store.beginCancel(UUID.randomUUID(), reserved.id()))
                .isInstanceOf(InMemoryBookingStore.CancelStart.NotFound.class);
    }

    private static Booking booking(UUID partner, String reference, OffsetDateTime start) {
        return new Booking(UUID.randomUUID(), partner, "p", "s", start, start.plusMinutes(30),
                new Customer("Ana", "ana@example.com"), reference, BookingStatus.CONFIRMED, Instant.EPOCH, null,
                Booking.Pending.NONE);
    }
}
