package io.barberpro.hub.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogWriterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** A logger of this test's own, whose INFO events land in {@link #lines}. */
    private final Logger access = (Logger) LoggerFactory.getLogger("access-log-writer-test." + UUID.randomUUID());

    @BeforeEach
    void captureLines() {
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        access.addAppender(appender(lines::add));
    }

    /** A started appender handing each event's message to {@code onLine}. */
    private static AppenderBase<ILoggingEvent> appender(Consumer<String> onLine) {
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                onLine.accept(event.getFormattedMessage());
            }
        };
        appender.start();
        return appender;
    }

    private static AccessRecord record(String requestId) {
        return new AccessRecord(Instant.parse("2026-12-03T10:15:30.123Z").toEpochMilli(), "palermo",
                UUID.fromString("5440cd81-4858-444a-b6c5-2a1a5b5fe249"), requestId, "GET", "/api/v1/providers",
                "booking-api", 200, 1_234_567, null);
    }

    @Test
    void aLineIsLogfmtWithTheCommitTimeAndNoQueryString() {
        AccessRecord refused = new AccessRecord(Instant.parse("2026-12-03T10:15:30.123Z").toEpochMilli(), "unknown",
                null, "req-1", "POST", "/api/v1/bookings", "booking-api", 401, 80_000, "unauthenticated");

        assertThat(record("req-0").line()).isEqualTo("time=2026-12-03T10:15:30.123Z partner=palermo"
                + " partnerId=5440cd81-4858-444a-b6c5-2a1a5b5fe249 requestId=req-0 method=GET path=/api/v1/providers"
                + " route=booking-api status=200 latencyMs=1.23");
        assertThat(refused.line()).endsWith("partnerId=- requestId=req-1 method=POST path=/api/v1/bookings"
                + " route=booking-api status=401 latencyMs=0.08 reason=unauthenticated");
    }

    @Test
    void linesBeyondTheQueueCapacityAreDroppedAndCountedNotQueued() throws Exception {
        // given a writer whose thread has not started, so nothing drains the queue meanwhile
        AccessLogWriter writer = new AccessLogWriter(4, Duration.ofHours(1), access, meters);

        // when six requests are logged
        for (int i = 0; i < 6; i++) {
            writer.write(record("req-" + i));
        }
        writer.drain();

        // then the first four are written in order and two are counted as dropped
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("requestId=req-0");
        assertThat(lines.get(3)).contains("requestId=req-3");
        assertThat(meters.counter("hub.gateway.access.log.dropped").count()).isEqualTo(2.0);

        // and once drained there is room again
        writer.write(record("req-6"));
        writer.close();
        assertThat(lines).hasSize(5).last().asString().contains("requestId=req-6");
    }

    @Test
    void withInfoOffForTheAccessLoggerNothingIsQueuedOrDropped() throws Exception {
        // given the access logger switched off
        access.setLevel(Level.OFF);
        AccessLogWriter writer = new AccessLogWriter(2, Duration.ofHours(1), access, meters);

        // when more requests are logged than the queue holds
        for (int i = 0; i < 3; i++) {
            writer.write(record("req-" + i));
        }
        access.setLevel(Level.INFO);
        writer.close();

        // then nothing was queued, so nothing is written late and nothing counts as dropped
        assertThat(lines).isEmpty();
        assertThat(meters.counter("hub.gateway.access.log.dropped").count()).isZero();
    }

    @Test
    void closingWritesWhatIsStillQueued() throws Exception {
        // given a running writer that would not wake for an hour
        AccessLogWriter writer = new AccessLogWriter(100, Duration.ofHours(1), access, meters);
        writer.start();
        writer.write(record("req-a"));
        writer.write(record("req-b"));

        // when the hub shuts down
        writer.close();

        // then no line is lost
        assertThat(lines).hasSize(2);
        assertThat(meters.counter("hub.gateway.access.log.dropped").count()).isZero();
    }

    @Test
    void aHalfFullQueueWakesTheWriterBeforeItsFlushInterval() throws Exception {
        // given a running writer that would not wake for an hour on its own
        CountDownLatch written = new CountDownLatch(2);
        access.addAppender(appender(line -> written.countDown()));
        AccessLogWriter writer = new AccessLogWriter(4, Duration.ofHours(1), access, meters);
        writer.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writer.writerState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(writer.writerState()).as("writer parked after its first pass").isEqualTo(Thread.State.TIMED_WAITING);

            // when the queue reaches half its capacity
            writer.write(record("req-a"));
            writer.write(record("req-b"));

            // then the writer thread writes the lines now
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).hasSize(2);
        } finally {
            writer.close();
        }
    }
}
