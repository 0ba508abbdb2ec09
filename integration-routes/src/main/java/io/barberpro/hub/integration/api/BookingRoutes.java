package io.barberpro.hub.integration.api;

/**
 * Endpoints of the booking routes, for doors that call them with a {@code ProducerTemplate}. Each
 * answers a {@link CanonicalBooking} or fails with a {@link BookingApiException} (wrapped in Camel's
 * {@code CamelExecutionException}).
 */
public final class BookingRoutes {

    /** Body {@link CreateBookingCommand}. */
    public static final String CREATE = "direct:rest-create-booking";
    /** Body {@link BookingKey}. */
    public static final String GET = "direct:rest-get-booking";
    /** Body {@link BookingKey}. */
    public static final String CANCEL = "direct:rest-cancel-booking";

    private BookingRoutes() {
    }
}
