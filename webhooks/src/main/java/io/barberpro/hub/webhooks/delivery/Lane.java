package io.barberpro.hub.webhooks.delivery;

/**
 * Which due rows a delivery loop claims, judged by the endpoints this node currently knows to be
 * slow ({@link SlowEndpoints}). A batch is recorded only when its slowest send has ended, so rows of
 * a slow endpoint are kept out of the batches that carry everyone else's.
 */
enum Lane {
    /** Rows of every endpoint not known to be slow on this node. */
    REGULAR,
    /** Rows of the slow endpoints only: they wait for each other, never for a fast endpoint nor it for them. */
    SLOW
}
