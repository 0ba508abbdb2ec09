package io.barberpro.hub.webhooks.delivery;

/** How one attempt ended, as written to {@code webhook_attempts.outcome} and counted in metrics. */
public enum Outcome {
    /** 2xx: done. */
    DELIVERED,
    /** Failed; another attempt is scheduled. */
    FAILED,
    /** Failed and the schedule is exhausted, or the endpoint was disabled: dead letter. */
    DEAD,
    /** 410 Gone: the endpoint is disabled. */
    GONE
}
