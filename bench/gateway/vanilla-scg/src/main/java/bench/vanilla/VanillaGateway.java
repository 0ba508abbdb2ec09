package bench.vanilla;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Vanilla Spring Cloud Gateway for bench/gateway.sh: the route of application.yml and, when
 * {@code bench.api-key} is set, the trivial filter the 0.94× anchor refers to: look the
 * {@code X-API-Key} up in a map, take one token from that key's local Bucket4j bucket, else 401/429.
 */
@SpringBootApplication
public class VanillaGateway {

    static final String API_KEY_HEADER = "X-API-Key";

    public static void main(String[] args) {
        SpringApplication.run(VanillaGateway.class, args);
    }

    @Bean
    @ConditionalOnExpression("!'${bench.api-key:}'.isEmpty()")
    GlobalFilter apiKeyAndBucket(@Value("${bench.api-key}") String apiKey) {
        return new KeyAndBucketFilter(Map.of(apiKey, unbindingBucket()));
    }

    /** A limit so large it never rejects during a bench, so the bucket is paid for but never binds. */
    static Bucket unbindingBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofHours(1)).build())
                .build();
    }

    record KeyAndBucketFilter(Map<String, Bucket> buckets) implements GlobalFilter, Ordered {
        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            String presented = exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
            Bucket bucket = presented == null ? null : buckets.get(presented);
            if (bucket == null) {
                exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                return exchange.getResponse().setComplete();
            }
            if (!bucket.tryConsume(1)) {
                exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
                return exchange.getResponse().setComplete();
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return -100;
        }
    }
}
