package io.barberpro.hub.core.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's refusals below the web handler (a request it could not decode, a header that did not arrive
 * in time), logged at INFO under the request id their problem document carries, so an operator holding that problem
 * can find it: Spring's {@code http.server.requests} never sees these requests. The partner edge writes its own to
 * the access log instead. Each line is written on {@code writer}, never on the event loop that refused the request:
 * the console appender writes synchronously.
 */
public final class AdminListenerRefusalLog implements ListenerRefusalLog {

    private static final Logger log = LoggerFactory.getLogger(AdminListenerRefusalLog.class);

    private final Executor writer;

    public AdminListenerRefusalLog(Executor writer) {
        this.writer = writer;
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
            // a client refused faster than lines can be written: its problem answers still went out
            log.debug("Admin refusal not logged, the writer is saturated: {}", refusal.requestId());
        }
    }
}
