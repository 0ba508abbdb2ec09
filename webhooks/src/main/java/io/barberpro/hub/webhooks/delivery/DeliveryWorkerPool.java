package io.barberpro.hub.webhooks.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code threads} delivery loops in the {@link Lane#REGULAR regular lane} and {@code slowLaneThreads}
 * in the {@link Lane#SLOW slow lane}. A loop claims again at once while there is work and waits (or
 * until a {@link #wake()} from a local commit) when there is none: {@code pollInterval} after the
 * first empty claim, twice as long after each further one, up to {@code maxIdleInterval}. A commit in
 * this process wakes its loops at once whatever they wait for, so the back-off delays only rows that
 * become due by time (retries) or that another node committed. Database trouble is logged and waited
 * out, never fatal.
 */
public class DeliveryWorkerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkerPool.class);
    private static final Duration METRICS_EVERY = Duration.ofSeconds(10);

    private final DeliveryWorker worker;
    private final DeliveryMetrics metrics;
    private final int threads;
    private final int slowLaneThreads;
    private final Duration pollInterval;
    private final Duration maxIdleInterval;
    private final String name;
    private final Object monitor = new Object();
    private final Object metricsMonitor = new Object();
    private final List<Thread> running = new ArrayList<>();
    private long generation;
    private volatile boolean active;

    public DeliveryWorkerPool(DeliveryWorker worker, DeliveryMetrics metrics, int threads, int slowLaneThreads,
                              Duration pollInterval, Duration maxIdleInterval, String name) {
        this.worker = worker;
        this.metrics = metrics;
        this.threads = threads;
        this.slowLaneThreads = slowLaneThreads;
        this.pollInterval = pollInterval;
        this.maxIdleInterval = maxIdleInterval;
        this.name = name;
    }

    /** Something was committed to the outbox in this process: let idle loops look now. */
    public void wake() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        active = true;
        for (int i = 0; i < threads; i++) {
            startDaemon(() -> loop(Lane.REGULAR), name + "-" + i);
        }
        for (int i = 0; i < slowLaneThreads; i++) {
            startDaemon(() -> loop(Lane.SLOW), name + "-slow-" + i);
        }
        if (threads > 0) {
            startDaemon(this::refreshMetrics, name + "-metrics");
        }
    }

    private void startDaemon(Runnable task, String threadName) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        running.add(thread);
        thread.start();
    }

    private void loop(Lane lane) {
        long idleMillis = idleMillis(pollInterval);
        while (active) {
            long seen;
            synchronized (monitor) {
                seen = generation;
            }
            int claimed;
            try {
                claimed = worker.runOnce(lane);
            } catch (RuntimeException e) {
                log.warn("Webhook delivery round failed, retrying after {}: {}", pollInterval, e.toString());
                claimed = 0;
                seen = -1;
            }
            if (claimed == 0) {
                idle(seen, idleMillis);
                idleMillis = Math.min(idleMillis * 2, idleMillis(maxIdleInterval));
            } else {
                idleMillis = idleMillis(pollInterval);
            }
        }
    }

    private static long idleMillis(Duration wait) {
        return Math.max(1, wait.toMillis());
    }

    private void idle(long seen, long millis) {
        synchronized (monitor) {
            if (generation != seen && seen != -1) {
                return;
            }
            try {
                monitor.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                active = false;
            }
        }
    }

    private void refreshMetrics() {
        while (active) {
            metrics.refresh();
            synchronized (metricsMonitor) {
                try {
                    metricsMonitor.wait(METRICS_EVERY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        active = false;
        wake();
        synchronized (metricsMonitor) {
            metricsMonitor.notifyAll();
        }
        for (Thread thread : running) {
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return active;
    }
}
