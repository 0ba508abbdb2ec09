package io.barberpro.hub.integration.rest;

import io.barberpro.hub.core.web.RequestIds;
import io.barberpro.hub.integration.api.BookingRoutes;
import java.io.IOException;
import java.net.URI;
import org.apache.camel.builder.RouteBuilder;

/**
 * Canonical booking operations over the booking platform's REST API. Only the request id survives
 * from the caller's headers: nothing a door received may leak into the platform call.
 */
final class BookingApiRoutes extends RouteBuilder {

    static final String CALL = "direct:rest-booking-api-call";

    private final String bookingApi;
    private final BookingApiRequests requests;
    private final BookingApiResponses responses;

    BookingApiRoutes(URI baseUrl, BookingApiRequests requests, BookingApiResponses responses) {
        this.bookingApi = baseUrl + "?throwExceptionOnFailure=false&followRedirects=false";
        this.requests = requests;
        this.responses = responses;
    }

    @Override
    public void configure() {
        // no redelivery (creating a booking is not idempotent without the platform's help) and no
        // ERROR log per refused booking: a refusal is the partner's business, BookingApiResponses logs
        // platform trouble itself, and the caller gets the typed exception
        errorHandler(noErrorHandler());

        from(BookingRoutes.CREATE).routeId("rest-create-booking")
                .removeHeaders("*", RequestIds.HEADER)
                .bean(requests, "create")
                .to(CALL)
                .bean(responses, "booking");

        from(BookingRoutes.GET).routeId("rest-get-booking")
                .removeHeaders("*", RequestIds.HEADER)
                .bean(requests, "get")
                .to(CALL)
                .bean(responses, "booking");

        from(BookingRoutes.CANCEL).routeId("rest-cancel-booking")
                .removeHeaders("*", RequestIds.HEADER)
                .bean(requests, "cancel")
                .to(CALL)
                .bean(responses, "booking");

        from(CALL).routeId("rest-booking-api-call")
                .doTry()
                    .to(bookingApi)
                .doCatch(IOException.class)
                    .bean(responses, "transportFailure")
                .end();
    }
}
