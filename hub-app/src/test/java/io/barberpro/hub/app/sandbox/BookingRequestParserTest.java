package io.barberpro.hub.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class BookingRequestParserTest {

    private final BookingRequestParser parser = new BookingRequestParser(Jackson2ObjectMapperBuilder.json().build());

    @Test
    void readsAWellFormedRequest() {
        BookingRequest request = parser.parse("""
                {"providerId":"ros-pichincha","serviceId":"corte-clasico","start":"2026-11-24T10:00:00-03:00",
                 "customer":{"name":"  Lionel  ","email":"lio@example.com.ar"},"partnerReference":"ORD-2026/0001"}""");

        assertThat(request).isEqualTo(new BookingRequest("ros-pichincha", "corte-clasico",
                OffsetDateTime.parse("2026-11-24T10:00:00-03:00"), new Customer("Lionel", "lio@example.com.ar"),
                "ORD-2026/0001"));
    }

    @Test
    void collectsEveryProblemWithItsField() {
        assertThatThrownBy(() -> parser.parse("""
                {"providerId":7,"serviceId":" ","start":null,"customer":{"name":"Ana","email":"ana@","vip":true},
                 "partnerReference":"has space","coupon":"X"}"""))
                .isInstanceOfSatisfying(HubProblemException.class, e -> {
                    assertThat(e.error()).isEqualTo(HubError.VALIDATION_FAILED);
                    assertThat(fields(e)).containsExactlyInAnyOrder("coupon", "providerId", "serviceId", "start",
                            "customer.vip", "customer.email", "partnerReference");
                });
    }

    @Test
    void onlyUnknownFieldsAreReportedAsUnknownField() {
        assertThatThrownBy(() -> parser.parse("""
                {"providerId":"p","serviceId":"s","start":"2026-11-24T10:00:00-03:00",
                 "customer":{"name":"Ana","email":"ana@example.com"},"partnerReference":"r","price":1}"""))
                .isInstanceOfSatisfying(HubProblemException.class, e -> {
                    assertThat(e.error()).isEqualTo(HubError.UNKNOWN_FIELD);
                    assertThat(fields(e)).containsExactly("price");
                });
    }

    @Test
    void refusesBodiesThatAreNotAJsonObject() {
        for (String body : List.of("", "not json", "[1,2]", "\"text\"")) {
            assertThatThrownBy(() -> parser.parse(body)).as(body)
                    .isInstanceOfSatisfying(HubProblemException.class,
                            e -> assertThat(e.error()).isEqualTo(HubError.BAD_REQUEST));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(HubProblemException e) {
        return ((List<Map<String, String>>) e.properties().get("errors")).stream().map(m -> m.get("field")).toList();
    }
}
