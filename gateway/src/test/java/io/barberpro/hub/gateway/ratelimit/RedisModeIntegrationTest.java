package io.barberpro.hub.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * The gateway in cluster mode on a Redis of the test's own, which the test stops and starts: partners
 * never see a 500, the fail-open fallback (quota / expected nodes) takes over within a second, and
 * the shared bucket is back within five seconds of Redis returning.
 */
class RedisModeIntegrationTest extends EdgeIntegrationTest {

    private static final RedisServerProcess REDIS = new RedisServerProcess();
    private static final Pattern REMAINING = Pattern.compile(";r=(\\d+);");

    static {
        REDIS.start();
    }

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("hub.gateway.rate-limit.mode", () -> "redis");
        registry.add("hub.gateway.rate-limit.redis-uri", REDIS::uri);
        registry.add("hub.gateway.rate-limit.expected-nodes", () -> "2");
        registry.add("hub.gateway.rate-limit.redis-retry-interval", () -> "500ms");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    private record Sample(long nanos, int status, long remaining) {
    }

    @Test
    void redisOutageIsAbsorbedWithoutErrorsAndRecoveredFrom() {
        String key = registry.apiKey(registry.partner("cluster"));
        EdgeClient client = http();
        List<Sample> samples = new ArrayList<>();
        Runnable call = () -> {
            Response response = client.get("/api/v1/providers", h -> h.set("X-API-Key", key));
            Matcher remaining = REMAINING.matcher(String.valueOf(response.headers().get("RateLimit")));
            samples.add(new Sample(System.nanoTime(), response.status(), remaining.find() ? Long.parseLong(remaining.group(1)) : -1));
        };
        for (int i = 0; i < 5; i++) {
            call.run();
        }

        REDIS.stop();
        long stopped = System.nanoTime();
        callFor(call, Duration.ofSeconds(2));
        REDIS.start();
        long restarted = System.nanoTime();
        callFor(call, Duration.ofSeconds(6));

        assertThat(samples).allSatisfy(sample -> assertThat(sample.status()).isEqualTo(200));
        assertThat(samples.get(4).remaining()).isEqualTo(49_995);
        long firstFallback = samples.stream().filter(s -> s.nanos() > stopped && s.remaining() < 25_000)
                .mapToLong(Sample::nanos).findFirst().orElseThrow();
        assertThat(firstFallback - stopped).as("nanos until the fallback answers").isLessThan(1_000_000_000L);
        long firstRecovered = samples.stream().filter(s -> s.nanos() > restarted && s.remaining() > 40_000)
                .mapToLong(Sample::nanos).findFirst().orElseThrow();
        assertThat(firstRecovered - restarted).as("nanos until Redis answers again").isLessThan(5_000_000_000L);
    }

    private static void callFor(Runnable call, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            call.run();
            Mono.delay(Duration.ofMillis(25)).block();
        }
    }
}
