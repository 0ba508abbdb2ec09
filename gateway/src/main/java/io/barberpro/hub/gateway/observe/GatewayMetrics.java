package io.barberpro.hub.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private record Key(String partner, String route, String status) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Key, Timer> durations = new ConcurrentHashMap<>();
    private final Map<Key, Counter> rejections = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String partner, String route, int status, Duration duration) {
        String statusClass = status / 100 + "xx";
        requests.computeIfAbsent(new Key(partner, route, statusClass), k -> Counter.builder("hub.gateway.requests")
                .description("Partner requests through the gateway")
                .tag("partner", k.partner()).tag("route", k.route()).tag("status", k.status())
                .register(registry)).increment();
        durations.computeIfAbsent(new Key(partner, route, ""), k -> Timer.builder("hub.gateway.request.duration")
                .description("Time from the request reaching the gateway to the response completing")
                .tag("partner", k.partner()).tag("route", k.route())
                .publishPercentileHistogram()
                .register(registry)).record(duration);
    }

    public void rejection(String partner, String reason) {
        rejections.computeIfAbsent(new Key(partner, "", reason), k -> Counter.builder("hub.gateway.rejections")
                .description("Requests the gateway answered itself, by reason")
                .tag("partner", k.partner()).tag("reason", k.status())
                .register(registry)).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
