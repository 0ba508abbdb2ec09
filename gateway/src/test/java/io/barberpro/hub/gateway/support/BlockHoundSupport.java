package io.barberpro.hub.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Installs BlockHound once per test JVM. Every blocking call on a non-blocking thread (Netty event
 * loops, Reactor's parallel scheduler) is recorded here as well as thrown, so a test can fail on it
 * even when the error is swallowed into a problem+json response somewhere up the chain.
 */
public final class BlockHoundSupport {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private BlockHoundSupport() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        BlockHound.install(builder -> builder
                // Lettuce guards a connection's write path with a ReentrantLock held for a few instructions
                // (no I/O); two event loops writing to one connection at the same instant may park on it
                // for nanoseconds. Lettuce's own design, accepted; everything else stays flagged.
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                .blockingMethodCallback(method -> {
            String call = method + " on " + Thread.currentThread().getName();
            CALLS.add(call);
            throw new BlockingOperationError(method);
        }));
        installed = true;
    }

    /** Blocking calls seen since the last call of this method. */
    public static List<String> drain() {
        List<String> seen = List.copyOf(CALLS);
        CALLS.clear();
        return seen;
    }
}
