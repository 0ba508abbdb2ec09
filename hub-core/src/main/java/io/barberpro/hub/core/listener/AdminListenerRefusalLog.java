package io.barberpro.hub.core.listener;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's refusals below the web handler (a request it could not decode, a header that did not arrive
 * in time), logged at INFO under the request id their problem document carries, so an operator holding that problem
 * can find it: Spring's {@code http.server.requests} never sees these requests. The partner edge writes its own to
 * the access log instead. Each line is written by a writer thread, never on the event loop that refused the
 * request: the console appender writes synchronously.
 */
public final class AdminListenerRefusalLog implements ListenerRefusalLog {

    private static final Logger log = LoggerFactory.getLogger(AdminListenerRefusalLog.class);

    /** Lines waiting for the writer; a client refused faster than that is not logged line by line. */
    private static final int BACKLOG = 1024;
    private static final long WRITER_IDLE_SECONDS = 30;

    private final Executor writer;

    AdminListenerRefusalLog(Executor writer) {
        this.writer = writer;
    }

    /**
     * Writes on a thread of its own with a bounded backlog, not on a shared scheduler: a client sending garbage at
     * line rate then neither grows memory nor delays the admin API's database work. The thread ends when idle.
     */
    public static AdminListenerRefusalLog onItsOwnThread() {
        ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, WRITER_IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(BACKLOG), task -> {
                    Thread thread = new Thread(task, "hub-admin-refusal-log");
                    thread.setDaemon(true);
                    return thread;
                });
        writer.allowCoreThreadTimeOut(true);
        return new AdminListenerRefusalLog(writer);
    }

    @Override
    public void refused(ListenerRefusal refusal) {
        if (!log.isInfoEnabled()) {
            return;
        }
        try {
            writer.execute(() -> log.info("Admin listener refused a request: request_id={} method={} path={} "
                            + "protocol={} status={} latency_ms={}", refusal.requestId(), refusal.method(),
                    refusal.path(), refusal.protocol(), refusal.status(),
                    TimeUnit.NANOSECONDS.toMillis(refusal.latencyNanos())));
        } catch (RejectedExecutionException saturated) {
            // the backlog is full: the problem answer still went out
            log.debug("Admin refusal not logged, the writer is saturated: {}", refusal.requestId());
        }
    }
}
