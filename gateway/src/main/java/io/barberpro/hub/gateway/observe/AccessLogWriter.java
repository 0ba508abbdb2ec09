package io.barberpro.hub.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log off the event loop, in batches. The event loop only appends an {@link AccessRecord}
 * to a lock-free queue; one thread wakes every {@code flush-interval}, builds the lines and hands them to the
 * logger. A logging framework's asynchronous appender wakes its writer for every line: a futex signal on the
 * event loop and a context switch on the writer per request, which cost the hub about a tenth of its CPU per
 * proxied request in the gateway bench. Like nginx's {@code access_log … buffer= flush=}, lines appear up to one
 * flush interval late; each carries the time its response was committed.
 *
 * <p>The queue is bounded: when the writer falls {@code capacity} lines behind, further lines are dropped (counted
 * in {@code hub.gateway.access.log.dropped} and reported at WARN) rather than holding partner traffic; the
 * per-partner meters still count every request. A queue half full wakes the writer early.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);

    private final Queue<AccessRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final long flushIntervalNanos;
    private final Logger access;
    private final Counter dropped;
    private final AtomicInteger droppedSinceReport = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param access the logger each line goes to at INFO, from the writer's thread; with INFO off for it, requests
     *               are not even queued
     */
    AccessLogWriter(int capacity, Duration flushInterval, Logger access, MeterRegistry meters) {
        this.capacity = capacity;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.access = access;
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
        if (!access.isInfoEnabled()) {
            return;
        }
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
            try {
                access.info(record.line());
            } catch (RuntimeException e) {
                log.warn("An access log line could not be written", e);
            }
        }
        int lost = droppedSinceReport.getAndSet(0);
        if (lost > 0) {
            log.warn("{} access log lines were dropped: the writer fell {} lines behind", lost, capacity);
        }
    }

    /** For tests that need the writer thread waiting between passes. */
    Thread.State writerState() {
        return writer.getState();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(writer);
        writer.join(Duration.ofSeconds(5).toMillis());
        drain();
    }
}
