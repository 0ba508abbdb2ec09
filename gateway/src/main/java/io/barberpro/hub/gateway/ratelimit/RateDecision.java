package io.barberpro.hub.gateway.ratelimit;

/**
 * One limiter answer.
 *
 * @param allowed          the request may pass
 * @param remaining        units left in the binding policy ({@code r} of the {@code RateLimit} header)
 * @param resetSeconds     {@code t}: seconds until the full quota is back; when refused, seconds until the
 *                         next request fits, which is also the {@code Retry-After}
 * @param bindingPolicy    the policy name that {@code remaining} is about ({@code hourly}, {@code spike} …)
 * @param limiterAvailable false when the backend was unreachable and the failure mode is fail-closed
 */
public record RateDecision(boolean allowed, long remaining, long resetSeconds, String bindingPolicy,
                           boolean limiterAvailable) {

    static RateDecision unavailable(String policy) {
        return new RateDecision(false, 0, 1, policy, false);
    }
}
