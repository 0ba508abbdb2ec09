package io.barberpro.hub.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log off the event loop, in batches. The event loop only appends an {@link AccessRecord}
 * to a lock-free queue; one thread wakes every {@code flush-interval}, builds the lines and writes them to the
 * {@link AccessLogOutput} in one write per pass. A logging framework's asynchronous appender wakes its writer
 * for every line (a futex signal on the event loop and a context switch on the writer per request), and its
 * console appender makes one {@code write} system call per line: together about a tenth of the hub's CPU per
 * proxied request in the gateway bench. Like nginx's {@code access_log … buffer= flush=} and Envoy's file
 * access log, lines appear up to one flush interval late; each carries the time its response was committed.
 *
 * <p>The queue is bounded: when the writer falls {@code capacity} lines behind, further lines are dropped (counted
 * in {@code hub.gateway.access.log.dropped} and reported at WARN) rather than holding partner traffic; the
 * per-partner meters still count every request. A queue half full wakes the writer early.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    /** A pass writes its lines in pieces of about this size, so a long backlog is not held twice in memory. */
    private static final int BATCH_BYTES = 32 * 1024;

    private final Queue<AccessRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final long flushIntervalNanos;
    private final AccessLogOutput output;
    private final StringBuilder batch = new StringBuilder(BATCH_BYTES);
    private final Counter dropped;
    private final AtomicInteger droppedSinceReport = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running = true;

    AccessLogWriter(int capacity, Duration flushInterval, AccessLogOutput output, MeterRegistry meters) {
        this.capacity = capacity;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.output = output;
        this.dropped = Counter.builder("hub.gateway.access.log.dropped")
                .description("Access log lines dropped because the writer was too far behind")
                .register(meters);
        this.writer = new Thread(this::run, "hub-access-log");
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** On the event loop: never blocks, never formats. */
    void write(AccessRecord record) {
        int size = queued.incrementAndGet();
        if (size > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            droppedSinceReport.incrementAndGet();
            return;
        }
        queue.offer(record);
        if (size == capacity / 2) {
            LockSupport.unpark(writer);
        }
    }

    private void run() {
        while (running) {
            drain();
            LockSupport.parkNanos(this, flushIntervalNanos);
        }
    }

    /**
     * Writes every queued line: the writer thread's loop, the last pass on close, and a test's way to see the lines
     * of requests it has made. Synchronized so that, when it returns, a pass the writer thread had begun is done too.
     */
    synchronized void drain() {
        AccessRecord record;
        while ((record = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.append(output.linePrefix()).append(record.line()).append('\n');
            if (batch.length() >= BATCH_BYTES) {
                flushBatch();
            }
        }
        flushBatch();
        int lost = droppedSinceReport.getAndSet(0);
        if (lost > 0) {
            log.warn("{} access log lines were dropped: the writer fell {} lines behind", lost, capacity);
        }
    }

    private void flushBatch() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            output.write(batch.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            log.warn("Access log lines could not be written to {}", output, e);
        } finally {
            batch.setLength(0);
        }
    }

    /** For tests that need the writer thread waiting between passes. */
    Thread.State writerState() {
        return writer.getState();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        running = false;
        LockSupport.unpark(writer);
        writer.join(Duration.ofSeconds(5).toMillis());
        drain();
        output.close();
    }
}
