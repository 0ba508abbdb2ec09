package io.barberpro.hub.integration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Integration routes: how the hub reaches BarberPro's booking platform. */
@Validated
@ConfigurationProperties("hub.integration")
public record IntegrationProperties(@Valid @DefaultValue BookingApi bookingApi) {

    /**
     * @param baseUrl         the booking platform's REST API (the sandbox in the embedded default);
     *                        operations append {@code /api/v1/...}
     * @param connectTimeout  how long to wait for a connection before answering {@code upstream-timeout}
     * @param responseTimeout how long to wait for the platform's answer before answering {@code upstream-timeout}
     */
    public record BookingApi(@NotNull @DefaultValue("http://127.0.0.1:8089") URI baseUrl,
                             @NotNull @DefaultValue("2s") Duration connectTimeout,
                             @NotNull @DefaultValue("10s") Duration responseTimeout) {
    }
}
