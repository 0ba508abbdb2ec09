package io.barberpro.hub.webhooks.outbox;

import io.barberpro.hub.webhooks.api.PlatformEvent;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embedded default: booking changes go straight into the outbox. Joins the caller's transaction
 * when there is one; otherwise the append is its own transaction (the sandbox keeps bookings in
 * memory, so there is no change to share a transaction with).
 */
public class InProcessPlatformEventSink implements PlatformEventSink {

    private final Outbox outbox;
    private final TransactionTemplate transactions;

    public InProcessPlatformEventSink(Outbox outbox, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.transactions = transactions;
    }

    @Override
    public void accept(PlatformEvent event) {
        transactions.executeWithoutResult(tx -> outbox.append(toOutboxEvent(event)));
    }

    public static OutboxEvent toOutboxEvent(PlatformEvent event) {
        return new OutboxEvent(event.eventId(), event.type(), event.partnerId(), event.occurredAt(), event.payload());
    }
}
