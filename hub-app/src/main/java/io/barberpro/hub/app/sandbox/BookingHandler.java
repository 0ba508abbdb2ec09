package io.barberpro.hub.app.sandbox;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Bookings of the calling partner.
 *
 * <p>A repeated create with the same {@code partnerReference} is idempotent: the same request again
 * answers 200 with the booking made the first time (even if since cancelled); a different request
 * under a used reference is a 409 {@code duplicate}.
 *
 * <p>A change counts only once its platform event is recorded. If the sink fails, the change is
 * undone and the caller gets 503 {@code upstream-unavailable}; retrying with the same reference is safe.
 */
final class BookingHandler {

    private static final Logger log = LoggerFactory.getLogger(BookingHandler.class);

    private final ProviderCatalog catalog;
    private final InMemoryBookingStore store;
    private final AvailabilityCalculator availability;
    private final BookingEvents events;
    private final BookingRequestParser parser;
    private final Clock clock;

    BookingHandler(ProviderCatalog catalog, InMemoryBookingStore store, AvailabilityCalculator availability,
                   BookingEvents events, BookingRequestParser parser, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.availability = availability;
        this.events = events;
        this.parser = parser;
        this.clock = clock;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        UUID partnerId = PartnerIds.of(request);
        requireJson(request);
        return request.bodyToMono(String.class)
                .defaultIfEmpty("")
                .flatMap(body -> create(partnerId, parser.parse(body)));
    }

    private Mono<ServerResponse> create(UUID partnerId, BookingRequest command) {
        Optional<Booking> earlier = store.referenced(partnerId, command.partnerReference());
        if (earlier.isPresent()) {
            return replay(command, earlier.get());
        }
        Provider provider = catalog.find(command.providerId())
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "No provider '" + command.providerId() + "'"));
        ServiceOffering service = provider.service(command.serviceId())
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND,
                        "Provider '" + provider.id() + "' offers no service '" + command.serviceId() + "'"));
        availability.whyNotBookable(provider, service, command.start()).ifPresent(reason -> {
            throw FieldErrors.single("start", reason);
        });
        Booking candidate = new Booking(UUID.randomUUID(), partnerId, provider.id(), service.id(),
                command.start(), command.start().plus(service.duration()), command.customer(),
                command.partnerReference(), BookingStatus.CONFIRMED, clock.instant(), null, Booking.Pending.NONE);
        InMemoryBookingStore.Reservation reservation = store.reserve(candidate);
        if (reservation instanceof InMemoryBookingStore.Reservation.Existing existing) {
            return replay(command, existing.booking());
        }
        if (reservation instanceof InMemoryBookingStore.Reservation.SlotTaken) {
            throw new HubProblemException(HubError.CONFLICT,
                    "The provider is already booked for part of " + BookingView.format(candidate.start()) + " to "
                            + BookingView.format(candidate.end()) + "; ask /availability for free slots");
        }
        Booking reserved = ((InMemoryBookingStore.Reservation.Reserved) reservation).booking();
        Mono<Booking> created = events.publish(BookingEvents.CREATED, reserved.withPending(Booking.Pending.NONE))
                .then(Mono.fromSupplier(() -> store.confirmCreated(reserved.id())))
                .onErrorResume(e -> {
                    store.abandon(reserved.id());
                    return eventLost("booking " + reserved.id() + " not made", e,
                            "The booking was not made because its event could not be recorded; "
                                    + "retrying with the same partnerReference is safe");
                });
        return settled(created).flatMap(booking -> respond(ServerResponse.created(location(booking)), booking));
    }

    private Mono<ServerResponse> replay(BookingRequest command, Booking earlier) {
        if (earlier.pending() == Booking.Pending.CREATE) {
            throw new HubProblemException(HubError.CONFLICT,
                    "A booking with this partnerReference is being created; retry shortly");
        }
        if (!command.matches(earlier)) {
            throw new HubProblemException(HubError.DUPLICATE,
                    "partnerReference '" + command.partnerReference() + "' already names a different booking");
        }
        return respond(ServerResponse.ok().location(location(earlier)), earlier);
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID partnerId = PartnerIds.of(request);
        Booking booking = bookingId(request).flatMap(id -> store.find(partnerId, id))
                .orElseThrow(BookingHandler::noSuchBooking);
        return respond(ServerResponse.ok(), booking);
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID partnerId = PartnerIds.of(request);
        Page.Request page = Page.Request.of(request);
        Optional<String> reference = request.queryParam("partnerReference");
        List<Booking> bookings = store.ofPartner(partnerId).stream()
                .filter(b -> reference.map(b.partnerReference()::equals).orElse(true))
                .toList();
        return ServerResponse.ok().bodyValue(page.slice(bookings, BookingView::of, request));
    }

    Mono<ServerResponse> cancel(ServerRequest request) {
        UUID partnerId = PartnerIds.of(request);
        UUID id = bookingId(request).orElseThrow(BookingHandler::noSuchBooking);
        InMemoryBookingStore.CancelStart start = store.beginCancel(partnerId, id);
        if (start instanceof InMemoryBookingStore.CancelStart.NotFound) {
            throw noSuchBooking();
        }
        if (start instanceof InMemoryBookingStore.CancelStart.AlreadyCancelled) {
            throw new HubProblemException(HubError.CONFLICT, "The booking is already cancelled");
        }
        if (start instanceof InMemoryBookingStore.CancelStart.InProgress) {
            throw new HubProblemException(HubError.CONFLICT, "The booking is being cancelled; retry shortly");
        }
        Booking cancelled = ((InMemoryBookingStore.CancelStart.Started) start).booking().cancelled(clock.instant());
        Mono<Booking> done = events.publish(BookingEvents.CANCELLED, cancelled)
                .then(Mono.fromSupplier(() -> store.completeCancel(cancelled)))
                .onErrorResume(e -> {
                    store.abortCancel(id);
                    return eventLost("booking " + id + " not cancelled", e,
                            "The booking was not cancelled because its event could not be recorded; retrying is safe");
                });
        return settled(done).flatMap(booking -> respond(ServerResponse.ok(), booking));
    }

    /**
     * Runs a change to its end even if the caller hangs up meanwhile: a change abandoned between
     * "event recorded" and "change applied" would leave a booking pending for ever.
     */
    private static Mono<Booking> settled(Mono<Booking> change) {
        return Mono.fromFuture(change.toFuture(), true);
    }

    private static Mono<ServerResponse> respond(ServerResponse.BodyBuilder builder, Booking booking) {
        return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(BookingView.of(booking));
    }

    private static <T> Mono<T> eventLost(String what, Throwable cause, String detail) {
        log.error("Platform event sink failed, {}", what, cause);
        return Mono.error(new HubProblemException(HubError.UPSTREAM_UNAVAILABLE, detail));
    }

    private static void requireJson(ServerRequest request) {
        Optional<MediaType> type = request.headers().contentType();
        if (type.isEmpty() || !MediaType.APPLICATION_JSON.isCompatibleWith(type.get())) {
            throw new HubProblemException(HubError.UNSUPPORTED_MEDIA_TYPE, "Send the booking as application/json");
        }
    }

    private static URI location(Booking booking) {
        return URI.create(SandboxRoutes.BASE + "/bookings/" + booking.id());
    }

    private static Optional<UUID> bookingId(ServerRequest request) {
        try {
            return Optional.of(UUID.fromString(request.pathVariable("id")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static HubProblemException noSuchBooking() {
        return new HubProblemException(HubError.NOT_FOUND, "No such booking");
    }
}
