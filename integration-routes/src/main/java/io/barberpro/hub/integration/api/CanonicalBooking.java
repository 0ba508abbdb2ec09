package io.barberpro.hub.integration.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A booking in the hub's one model, whatever door (REST, SOAP, GraphQL, EDI) it came through.
 * Times keep the offset the platform gave them (the shop's local offset).
 *
 * @param partnerId   the partner the booking belongs to
 * @param cancelledAt when it was cancelled, or {@code null}
 */
public record CanonicalBooking(UUID id, UUID partnerId, ProviderRef provider, ServiceRef service,
                               OffsetDateTime start, OffsetDateTime end, Customer customer,
                               String partnerReference, BookingStatus status, OffsetDateTime createdAt,
                               OffsetDateTime cancelledAt) {
}
