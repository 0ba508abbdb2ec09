package io.barberpro.hub.integration.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.integration.IntegrationRoutesAutoConfiguration;
import io.barberpro.hub.integration.api.BookingApiException;
import io.barberpro.hub.integration.api.BookingKey;
import io.barberpro.hub.integration.api.BookingRoutes;
import io.barberpro.hub.integration.api.BookingStatus;
import io.barberpro.hub.integration.api.CanonicalBooking;
import io.barberpro.hub.integration.api.CreateBookingCommand;
import io.barberpro.hub.integration.api.Customer;
import io.barberpro.hub.integration.api.ProviderRef;
import io.barberpro.hub.integration.api.ServiceRef;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The booking routes against WireMock standing in for the booking platform. */
@SpringBootTest(classes = BookingApiRoutesIntegrationTest.RoutesOnly.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"hub.roles=integration", "hub.integration.booking-api.response-timeout=1500ms"})
class BookingApiRoutesIntegrationTest {

    /** Camel and this module only: the other modules' auto-configurations need a database. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({CamelAutoConfiguration.class, IntegrationRoutesAutoConfiguration.class})
    static class RoutesOnly {
    }

    static final WireMockServer platform = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort());

    static {
        platform.start();
    }

    @DynamicPropertySource
    static void platformUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.integration.booking-api.base-url", platform::baseUrl);
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop();
    }

    private static final UUID PARTNER = UUID.fromString("0b6c3f3e-6a43-4d7e-9d2f-6f4d8c1e2a10");
    private static final UUID BOOKING = UUID.fromString("7d1e2c36-3f0a-4a7b-8e55-1c2d3e4f5a6b");
    private static final String BOOKING_JSON = """
            {"id":"%s","status":"%s","providerId":"ros-pichincha","serviceId":"corte-clasico",
             "start":"2026-11-24T10:00:00-03:00","end":"2026-11-24T10:30:00-03:00",
             "customer":{"name":"Martín Fierro","email":"martin@example.com.ar"},"partnerReference":"ord-1",
             "createdAt":"2026-11-23T09:00:00-03:00"%s}""";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @BeforeEach
    void resetPlatform() {
        platform.resetAll();
    }

    @Test
    void routesAreRegisteredUnderTheirIds() {
        assertThat(List.of("rest-create-booking", "rest-get-booking", "rest-cancel-booking", "rest-booking-api-call"))
                .allSatisfy(id -> assertThat(camel.getRoute(id)).as(id).isNotNull());
    }

    @Test
    void createsABookingForThePartnerAndReturnsItCanonical() {
        platform.stubFor(post("/api/v1/bookings").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(BOOKING_JSON.formatted(BOOKING, "CONFIRMED", ""))));

        CanonicalBooking booking = producer.requestBodyAndHeaders(BookingRoutes.CREATE, command(),
                Map.of("X-Request-Id", "req-create-0001", "Authorization", "Bearer partner-token"),
                CanonicalBooking.class);

        assertThat(booking).isEqualTo(new CanonicalBooking(BOOKING, PARTNER, new ProviderRef("ros-pichincha"),
                new ServiceRef("corte-clasico"), OffsetDateTime.parse("2026-11-24T10:00:00-03:00"),
                OffsetDateTime.parse("2026-11-24T10:30:00-03:00"), new Customer("Martín Fierro", "martin@example.com.ar"),
                "ord-1", BookingStatus.CONFIRMED, OffsetDateTime.parse("2026-11-23T09:00:00-03:00"), null));
        platform.verify(postRequestedFor(urlEqualTo("/api/v1/bookings"))
                .withHeader("X-Partner-Id", equalTo(PARTNER.toString()))
                .withHeader("X-Request-Id", equalTo("req-create-0001"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("""
                        {"providerId":"ros-pichincha","serviceId":"corte-clasico","start":"2026-11-24T10:00:00-03:00",
                         "customer":{"name":"Martín Fierro","email":"martin@example.com.ar"},"partnerReference":"ord-1"}""")));
    }

    @Test
    void getsABookingOfThePartner() {
        platform.stubFor(get("/api/v1/bookings/" + BOOKING).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(BOOKING_JSON.formatted(BOOKING, "CANCELLED", ",\"cancelledAt\":\"2026-11-23T11:00:00-03:00\""))));

        CanonicalBooking booking = producer.requestBody(BookingRoutes.GET, new BookingKey(PARTNER, BOOKING),
                CanonicalBooking.class);

        assertThat(booking.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(booking.cancelledAt()).isEqualTo(OffsetDateTime.parse("2026-11-23T11:00:00-03:00"));
        platform.verify(getRequestedFor(urlEqualTo("/api/v1/bookings/" + BOOKING))
                .withHeader("X-Partner-Id", equalTo(PARTNER.toString())));
    }

    @Test
    void cancelsABookingOfThePartner() {
        platform.stubFor(post("/api/v1/bookings/" + BOOKING + "/cancel").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(BOOKING_JSON.formatted(BOOKING, "CANCELLED", ",\"cancelledAt\":\"2026-11-23T11:00:00-03:00\""))));

        CanonicalBooking booking = producer.requestBody(BookingRoutes.CANCEL, new BookingKey(PARTNER, BOOKING),
                CanonicalBooking.class);

        assertThat(booking.status()).isEqualTo(BookingStatus.CANCELLED);
        platform.verify(postRequestedFor(urlEqualTo("/api/v1/bookings/" + BOOKING + "/cancel"))
                .withHeader("X-Partner-Id", equalTo(PARTNER.toString())));
    }

    @Test
    void aTakenSlotBecomesAConflictWithThePlatformsDetail() {
        stubProblem(409, "conflict", "The provider is already booked for part of 10:00 to 10:30", "");

        BookingApiException e = createFails();

        assertThat(e.error()).isEqualTo(HubError.CONFLICT);
        assertThat(e.upstreamStatus()).isEqualTo(409);
        assertThat(e.detail()).isEqualTo("The provider is already booked for part of 10:00 to 10:30");
    }

    @Test
    void invalidFieldsKeepTheirErrorsList() {
        stubProblem(400, "validation-failed", "One field is invalid",
                ",\"errors\":[{\"field\":\"start\",\"message\":\"must be in the future\"}]");

        BookingApiException e = createFails();

        assertThat(e.error()).isEqualTo(HubError.VALIDATION_FAILED);
        assertThat(e.properties()).containsEntry("errors", List.of(Map.of("field", "start", "message", "must be in the future")));
    }

    @Test
    void anUnknownProviderIsNotFound() {
        stubProblem(404, "not-found", "No provider 'nope'", "");

        assertThat(createFails().error()).isEqualTo(HubError.NOT_FOUND);
    }

    @Test
    void platformTroubleIsToldInTheHubsOwnWords() {
        stubProblem(503, "upstream-unavailable", "database on fire at db-7.internal", "");
        BookingApiException unavailable = createFails();
        assertThat(unavailable.error()).isEqualTo(HubError.UPSTREAM_UNAVAILABLE);
        assertThat(unavailable.detail()).doesNotContain("db-7");

        stubProblem(401, "unauthenticated", "The X-Partner-Id header is required", "");
        assertThat(createFails().error()).isEqualTo(HubError.INTERNAL);
    }

    @Test
    void aDroppedConnectionIsUpstreamUnavailable() {
        platform.stubFor(post("/api/v1/bookings").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        BookingApiException e = createFails();

        assertThat(e.error()).isEqualTo(HubError.UPSTREAM_UNAVAILABLE);
        assertThat(e.upstreamStatus()).isZero();
    }

    @Test
    void aSlowPlatformIsAnUpstreamTimeout() {
        platform.stubFor(get("/api/v1/bookings/" + BOOKING).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

        CamelExecutionException wrapped = catchThrowableOfType(CamelExecutionException.class,
                () -> producer.requestBody(BookingRoutes.GET, new BookingKey(PARTNER, BOOKING)));

        assertThat(wrapped.getCause()).isInstanceOfSatisfying(BookingApiException.class,
                e -> assertThat(e.error()).isEqualTo(HubError.UPSTREAM_TIMEOUT));
    }

    @Test
    void anUnreadableBookingIsAnInternalError() {
        platform.stubFor(post("/api/v1/bookings").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"not-a-uuid\"}")));

        assertThat(createFails().error()).isEqualTo(HubError.INTERNAL);
    }

    private void stubProblem(int status, String code, String detail, String extra) {
        platform.stubFor(post("/api/v1/bookings").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("""
                        {"type":"https://docs.barberpro.io/hub/problems/%s","title":"t","status":%d,"detail":"%s",
                         "instance":"/api/v1/bookings","code":"%s","requestId":"r-1"%s}"""
                        .formatted(code, status, detail, code, extra))));
    }

    private BookingApiException createFails() {
        CamelExecutionException wrapped = catchThrowableOfType(CamelExecutionException.class,
                () -> producer.requestBody(BookingRoutes.CREATE, command()));
        assertThat(wrapped).as("the route should have failed").isNotNull();
        assertThat(wrapped.getCause()).isInstanceOf(BookingApiException.class);
        return (BookingApiException) wrapped.getCause();
    }

    private static CreateBookingCommand command() {
        return new CreateBookingCommand(PARTNER, new ProviderRef("ros-pichincha"), new ServiceRef("corte-clasico"),
                OffsetDateTime.parse("2026-11-24T10:00:00-03:00"), new Customer("Martín Fierro", "martin@example.com.ar"),
                "ord-1");
    }
}
