package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.HubGatewayProperties.RateLimit.Mode;
import io.barberpro.hub.gateway.RouteSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-partner rate limiting: the filter, and the backend chosen by {@code hub.gateway.rate-limit.mode}. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PartnerRateLimiter partnerRateLimiter(HubGatewayProperties properties, Clock clock, MeterRegistry meters) {
        HubGatewayProperties.RateLimit rateLimit = properties.rateLimit();
        if (rateLimit.mode() == Mode.REDIS) {
            return new RedisBucketRateLimiter(rateLimit, clock, meters);
        }
        return new LocalBucketRateLimiter(new ClockTimeMeter(clock, () -> 0), 1);
    }

    @Bean
    RateLimitFilter hubRateLimitFilter(PartnerRateLimiter limiter, RouteSettings.Cache routes, ProblemWriter problems) {
        return new RateLimitFilter(limiter, routes, problems);
    }
}
