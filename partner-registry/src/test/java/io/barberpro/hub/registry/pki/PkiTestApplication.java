package io.barberpro.hub.registry.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The registry's auto-configuration on its own, with a clock the tests move. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PkiTestApplication {

    @Bean
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }

    /** Starts at the real time (OpenSSL and TLS check validity against it) and moves only when told. */
    public static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        public void reset() {
            now = Instant.now();
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
