package io.barberpro.hub.registry.plan;

/** {@code POST /admin/v1/plans}: {@code quota} requests per {@code windowSeconds}, optionally a spike limit. */
public record CreatePlanRequest(String name, Long quota, Long windowSeconds, Long spikeQuota,
                                Long spikeWindowSeconds, String description) {
}
