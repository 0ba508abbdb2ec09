package io.barberpro.hub.gateway.ratelimit;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.RouteSettings;
import io.barberpro.hub.gateway.api.PartnerPrincipal;
import io.barberpro.hub.gateway.authn.AuthenticationFilter;
import io.barberpro.hub.gateway.observe.Rejections;
import io.barberpro.hub.registry.api.RatePlan;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spends one unit (or the route's {@code hub-rate-cost}) of the authenticated partner's budget and
 * answers every request with the IETF httpapi headers: {@code RateLimit-Policy} (the plan) and
 * {@code RateLimit} ({@code r} remaining, {@code t} seconds, see {@link RateDecision}). Over budget:
 * 429 {@code quota-exceeded} with {@code Retry-After} = {@code t}. Limiter backend down and
 * fail-closed: 503 with {@code Retry-After: 1}.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    public static final int ORDER = AuthenticationFilter.ORDER + 100;
    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String HEADER = "RateLimit";

    private final PartnerRateLimiter limiter;
    private final RouteSettings.Cache routes;
    private final ProblemWriter problems;
    private final Map<RatePlan, String> policyHeaders = new ConcurrentHashMap<>();

    RateLimitFilter(PartnerRateLimiter limiter, RouteSettings.Cache routes, ProblemWriter problems) {
        this.limiter = limiter;
        this.routes = routes;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        PartnerPrincipal principal = exchange.getAttribute(PartnerPrincipal.ATTRIBUTE);
        if (principal == null || principal.plan() == null) {
            return chain.filter(exchange);
        }
        RatePlan plan = principal.plan();
        long cost = routes.of(exchange).rateCost();
        Mono<RateDecision> answer = limiter.tryConsume(principal.partnerId(), plan, cost);
        if (answer instanceof Callable<?> local) {
            // the local limiter answers in place; no operator chain for the common case
            return apply(exchange, chain, plan, call(local));
        }
        return answer.flatMap(decision -> apply(exchange, chain, plan, decision));
    }

    private static RateDecision call(Callable<?> local) {
        try {
            return (RateDecision) local.call();
        } catch (Exception e) {
            throw new IllegalStateException("the local rate limiter failed", e);
        }
    }

    private Mono<Void> apply(ServerWebExchange exchange, GatewayFilterChain chain, RatePlan plan, RateDecision decision) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(POLICY_HEADER, policyHeaders.computeIfAbsent(plan, BucketPlans::policyHeader));
        if (!decision.limiterAvailable()) {
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            Rejections.mark(exchange, Rejections.RATE_LIMITER_UNAVAILABLE);
            return problems.write(exchange, HubError.UPSTREAM_UNAVAILABLE,
                    "Rate limiting is temporarily unavailable; retry shortly");
        }
        headers.set(HEADER, "\"" + decision.bindingPolicy() + "\";r=" + decision.remaining()
                + ";t=" + decision.resetSeconds());
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
        Rejections.mark(exchange, Rejections.QUOTA_EXCEEDED);
        return problems.write(exchange, HubError.QUOTA_EXCEEDED,
                "The partner's request quota is used up; retry after " + decision.resetSeconds() + " s");
    }
}
