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
    private static final int CALLER_FRAMES = 24;
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
            String call = method + " on " + Thread.currentThread().getName() + callers();
            CALLS.add(call);
            throw new BlockingOperationError(method);
        }));
        installed = true;
    }

    /** The frames that led to the blocking call, so a failure names the code to fix. */
    private static String callers() {
        StringBuilder frames = new StringBuilder();
        StackWalker.getInstance().walk(stack -> stack.skip(1).limit(CALLER_FRAMES).toList())
                .forEach(frame -> frames.append("\n    at ").append(frame));
        return frames.toString();
    }

    /** Blocking calls seen since the last call of this method. */
    public static List<String> drain() {
        List<String> seen = List.copyOf(CALLS);
        CALLS.clear();
        return seen;
    }
}
