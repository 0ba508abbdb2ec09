package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Read-only provider catalogue and availability. */
final class ProviderHandler {

    private final ProviderCatalog catalog;
    private final InMemoryBookingStore store;
    private final AvailabilityCalculator availability;

    ProviderHandler(ProviderCatalog catalog, InMemoryBookingStore store, AvailabilityCalculator availability) {
        this.catalog = catalog;
        this.store = store;
        this.availability = availability;
    }

    record SlotView(String start, String end) {
    }

    /**
     * @param serviceId the service the slots are for, or {@code null}: then each slot is one grid step
     */
    record AvailabilityView(String providerId, String date, String timeZone, String serviceId, int slotMinutes,
                            List<SlotView> slots) {
    }

    Mono<ServerResponse> list(ServerRequest request) {
        Page.Request page = Page.Request.of(request);
        return ServerResponse.ok().bodyValue(page.slice(catalog.all(), p -> p, request));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return ServerResponse.ok().bodyValue(provider(request.pathVariable("id")));
    }

    Mono<ServerResponse> availability(ServerRequest request) {
        LocalDate date = date(request);
        Provider provider = provider(request.pathVariable("id"));
        String serviceId = request.queryParam("serviceId").orElse(null);
        Duration length = serviceId == null ? AvailabilityCalculator.SLOT_STEP
                : provider.service(serviceId)
                        .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND,
                                "Provider '" + provider.id() + "' offers no service '" + serviceId + "'"))
                        .duration();
        List<SlotView> slots = availability.freeSlots(provider, date, length, store.holdingSlots(provider.id()))
                .stream()
                .map(s -> new SlotView(BookingView.format(s.start()), BookingView.format(s.end())))
                .toList();
        return ServerResponse.ok().bodyValue(new AvailabilityView(provider.id(), date.toString(),
                AvailabilityCalculator.ZONE.getId(), serviceId, (int) length.toMinutes(), slots));
    }

    private Provider provider(String id) {
        return catalog.find(id)
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "No provider '" + id + "'"));
    }

    private static LocalDate date(ServerRequest request) {
        String raw = request.queryParam("date").orElse(null);
        if (raw == null || raw.isBlank()) {
            throw FieldErrors.single("date", "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw FieldErrors.single("date", "must be a date as YYYY-MM-DD");
        }
    }
}
