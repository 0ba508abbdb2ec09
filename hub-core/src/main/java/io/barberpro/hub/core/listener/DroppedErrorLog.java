package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Reactor's hook for an error that reaches an operator after it has terminated, which Reactor itself logs at
 * ERROR. Reactor Netty 1.2 delivers a request body's failure twice when the body is taken without back-pressure
 * (its {@code FluxReceive} fast path signals the error, keeps the subscriber and signals it again when the stream
 * is disposed). The HTTP/2 body-read deadline fails bodies that way, and a partner can trigger it at will, so its
 * second delivery, for a request already answered with {@code 408}, is logged at DEBUG. Anything else is logged
 * at ERROR, as before.
 *
 * <p>The hook is JVM-wide and cumulative in Reactor, so it is installed once.
 */
final class DroppedErrorLog {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrorLog.class);

    private static final AtomicBoolean installed = new AtomicBoolean();

    private DroppedErrorLog() {
    }

    static void install() {
        if (installed.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrorLog::log);
        }
    }

    static void log(Throwable error) {
        if (error instanceof HubProblemException problem && problem.error() == HubError.REQUEST_TIMEOUT) {
            log.debug("A request-timeout delivered again after its answer: {}", problem.detail());
        } else {
            log.error("An error arrived after its operator had terminated", error);
        }
    }
}
