package io.barberpro.hub.core.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/** The request id that ties a partner's request to our logs, problems and upstream calls. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    /** Ids a client may choose itself; anything else is replaced so logs cannot be forged or flooded. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private RequestIds() {
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches();
    }

    /**
     * A random (version 4 layout) UUID from {@link ThreadLocalRandom}: request ids need uniqueness, not
     * secrecy, and {@code UUID.randomUUID()} would read {@code /dev/urandom} on the event loop behind one
     * JVM-wide lock.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** The exchange's id, fixed by {@link RequestIdAndDateWebFilter}; created here if that filter did not run. */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        if (id == null) {
            String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
            id = isWellFormed(incoming) ? incoming : newId();
            exchange.getAttributes().put(ATTRIBUTE, id);
        }
        return id;
    }
}
