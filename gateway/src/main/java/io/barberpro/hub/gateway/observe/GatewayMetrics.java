package io.barberpro.hub.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-partner gateway meters, exposed with the rest on the admin port's {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code hub.gateway.requests} (counter; partner, route, status = {@code 2xx}…{@code 5xx})</li>
 *   <li>{@code hub.gateway.request.duration} (timer with percentile histogram; partner, route)</li>
 *   <li>{@code hub.gateway.rejections} (counter; partner, reason — see {@link Rejections})</li>
 *   <li>{@code hub.gateway.ratelimit.redis.failures} (counter; mode) — from the Redis limiter</li>
 * </ul>
 * Meters are looked up once per tag combination and then reused from a map: registering through the
 * builder on every request would cost more than the rest of the filter chain.
 */
public class GatewayMetrics {

    public static final String UNKNOWN_PARTNER = "unknown";
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private record Key(String partner, String route) {
    }

    private record RejectionKey(String partner, String reason) {
    }

    /** One partner on one route: its latency timer and a request counter per status class, made on first use. */
    private final class RouteMeters {

        private final Key key;
        private final Timer duration;
        private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(STATUS_CLASSES.length);

        RouteMeters(Key key) {
            this.key = key;
            this.duration = Timer.builder("hub.gateway.request.duration")
                    .description("Time from the request reaching the gateway to the response completing")
                    .tag("partner", key.partner()).tag("route", key.route())
                    .publishPercentileHistogram()
                    .register(registry);
        }

        Counter requests(int status) {
            int index = Math.min(Math.max(status / 100, 1), STATUS_CLASSES.length) - 1;
            Counter counter = requests.get(index);
            if (counter == null) {
                // Micrometer returns the registered meter for the same id, so a lost race is harmless.
                counter = Counter.builder("hub.gateway.requests")
                        .description("Partner requests through the gateway")
                        .tag("partner", key.partner()).tag("route", key.route()).tag("status", STATUS_CLASSES[index])
                        .register(registry);
                requests.set(index, counter);
            }
            return counter;
        }
    }

    private final MeterRegistry registry;
    private final Map<Key, RouteMeters> routes = new ConcurrentHashMap<>();
    private final Map<RejectionKey, Counter> rejections = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String partner, String route, int status, Duration duration) {
        RouteMeters meters = routes.computeIfAbsent(new Key(partner, route), RouteMeters::new);
        meters.requests(status).increment();
        meters.duration.record(duration);
    }

    public void rejection(String partner, String reason) {
        rejections.computeIfAbsent(new RejectionKey(partner, reason), k -> Counter.builder("hub.gateway.rejections")
                .description("Requests the gateway answered itself, by reason")
                .tag("partner", k.partner()).tag("reason", k.reason())
                .register(registry)).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
