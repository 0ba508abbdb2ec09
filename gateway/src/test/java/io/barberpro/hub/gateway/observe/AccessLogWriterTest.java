package io.barberpro.hub.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CapturingOutput output = new CapturingOutput();
    private final List<String> lines = output.lines;

    /** Keeps each write (a batch) and its lines, as a file or standard output would get them. */
    private static final class CapturingOutput implements AccessLogOutput {

        final List<String> writes = new CopyOnWriteArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile CountDownLatch written = new CountDownLatch(0);
        volatile boolean closed;

        @Override
        public String linePrefix() {
            return "ACCESS ";
        }

        @Override
        public void write(byte[] batch) {
            String text = new String(batch, StandardCharsets.UTF_8);
            writes.add(text);
            text.lines().forEach(line -> {
                lines.add(line);
                written.countDown();
            });
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static AccessRecord record(String requestId) {
        return new AccessRecord(Instant.parse("2026-12-03T10:15:30.123Z").toEpochMilli(), "palermo",
                UUID.fromString("5440cd81-4858-444a-b6c5-2a1a5b5fe249"), requestId, "GET", "/api/v1/providers",
                "HTTP/2.0", "booking-api", 200, 1_234_567, null);
    }

    @Test
    void aLineIsLogfmtWithTheCommitTimeAndNoQueryString() {
        AccessRecord refused = new AccessRecord(Instant.parse("2026-12-03T10:15:30.123Z").toEpochMilli(), "unknown",
                null, "req-1", "POST", "/api/v1/bookings", "HTTP/1.1", "booking-api", 401, 80_000, "unauthenticated");

        assertThat(record("req-0").line()).isEqualTo("time=2026-12-03T10:15:30.123Z partner=palermo"
                + " partnerId=5440cd81-4858-444a-b6c5-2a1a5b5fe249 requestId=req-0 method=GET path=/api/v1/providers"
                + " protocol=HTTP/2.0 route=booking-api status=200 latencyMs=1.23");
        assertThat(refused.line()).endsWith("partnerId=- requestId=req-1 method=POST path=/api/v1/bookings"
                + " protocol=HTTP/1.1 route=booking-api status=401 latencyMs=0.08 reason=unauthenticated");
    }

    @Test
    void linesBeyondTheQueueCapacityAreDroppedAndCountedNotQueued() throws Exception {
        // given a writer whose thread has not started, so nothing drains the queue meanwhile
        AccessLogWriter writer = new AccessLogWriter(4, Duration.ofHours(1), output, meters);

        // when six requests are logged
        for (int i = 0; i < 6; i++) {
            writer.write(record("req-" + i));
        }
        writer.drain();

        // then the first four are written in order, in one write, and two are counted as dropped
        assertThat(output.writes).hasSize(1);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("ACCESS time=").contains("requestId=req-0");
        assertThat(lines.get(3)).contains("requestId=req-3");
        assertThat(meters.counter("hub.gateway.access.log.dropped").count()).isEqualTo(2.0);

        // and once drained there is room again
        writer.write(record("req-6"));
        writer.close();
        assertThat(lines).hasSize(5).last().asString().contains("requestId=req-6");
    }

    @Test
    void aFileOutputGetsBareLinesAppendedAfterWhatItHeld(@TempDir Path dir) throws Exception {
        // given an access log file that already holds a line, in a directory that does not exist yet
        Path file = dir.resolve("logs/access.log");
        AccessLogWriter first = new AccessLogWriter(10, Duration.ofHours(1), AccessLogOutput.of(file.toString()), meters);
        first.write(record("req-1"));
        first.close();

        // when the hub starts again and logs another request
        AccessLogWriter second = new AccessLogWriter(10, Duration.ofHours(1), AccessLogOutput.of(file.toString()), meters);
        second.write(record("req-2"));
        second.close();

        // then both lines are there, in order, without the standard-output marker
        List<String> written = Files.readAllLines(file);
        assertThat(written).hasSize(2);
        assertThat(written.get(0)).startsWith("time=").contains("requestId=req-1");
        assertThat(written.get(1)).startsWith("time=").contains("requestId=req-2");
    }

    @Test
    void closingWritesWhatIsStillQueued() throws Exception {
        // given a running writer that would not wake for an hour
        AccessLogWriter writer = new AccessLogWriter(100, Duration.ofHours(1), output, meters);
        writer.start();
        writer.write(record("req-a"));
        writer.write(record("req-b"));

        // when the hub shuts down
        writer.close();

        // then no line is lost, and the output is closed after the last of them
        assertThat(lines).hasSize(2);
        assertThat(output.closed).isTrue();
        assertThat(meters.counter("hub.gateway.access.log.dropped").count()).isZero();
    }

    @Test
    void aHalfFullQueueWakesTheWriterBeforeItsFlushInterval() throws Exception {
        // given a running writer that would not wake for an hour on its own
        CountDownLatch written = new CountDownLatch(2);
        output.written = written;
        AccessLogWriter writer = new AccessLogWriter(4, Duration.ofHours(1), output, meters);
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
