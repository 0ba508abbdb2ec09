package io.barberpro.hub.app.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox booking API, the embedded stand-in for BarberPro's core platform.
 *
 * @param enabled     starts the sandbox listener; switch it off when the hub talks to the real platform
 * @param bindAddress interface the sandbox listens on; loopback by default because only the gateway
 *                    (which sets {@code X-Partner-Id}) may reach it
 * @param port        sandbox listener port; 0 picks a free port (tests)
 */
@Validated
@ConfigurationProperties("hub.sandbox")
public record SandboxProperties(@DefaultValue("true") boolean enabled,
                                @NotBlank @DefaultValue("127.0.0.1") String bindAddress,
                                @Min(0) @Max(65535) @DefaultValue("8089") int port) {
}
