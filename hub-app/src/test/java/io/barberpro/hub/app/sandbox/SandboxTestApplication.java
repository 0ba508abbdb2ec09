package io.barberpro.hub.app.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The sandbox alone, without auto-configuration: the sandbox is in-memory and self-contained, and
 * leaving the other modules' auto-configurations (DataSource, Kafka, gateway, Camel) out keeps these
 * tests fast and independent of them.
 *
 * <p>Behind a profile because {@code HubApplication} scans this package: without it, the application's
 * own tests would pick up this fixed clock and recording sink.
 */
@SpringBootConfiguration
@Profile(SandboxTestApplication.PROFILE)
@Import(SandboxBookingApiConfiguration.class)
class SandboxTestApplication {

    static final String PROFILE = "sandbox-api-test";

    /** Monday 23 November 2026, 09:00 in Buenos Aires. */
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Bean
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    RecordingPlatformEventSink recordingPlatformEventSink() {
        return new RecordingPlatformEventSink();
    }
}
