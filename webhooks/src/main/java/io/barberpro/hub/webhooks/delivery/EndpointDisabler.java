package io.barberpro.hub.webhooks.delivery;

import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Switches an endpoint off (410 Gone, failing too long, an admin, offboarding): its pending
 * deliveries become dead letters that a replay can bring back once it is enabled again, and an
 * {@code endpoint.disabled} event tells the partner's other endpoints.
 */
public class EndpointDisabler {

    public static final String EVENT_TYPE = "endpoint.disabled";

    private final JdbcClient jdbc;
    private final Outbox outbox;

    public EndpointDisabler(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** @return false when the endpoint was already disabled (nothing happens then) */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean disable(UUID endpointId, String reason, Instant now) {
        Map<String, Object> disabled = jdbc.sql("""
                        update webhook_endpoints set enabled = false, disabled_reason = :reason, updated_at = :now
                        where id = :id and enabled
                        returning partner_id, url""")
                .param("reason", reason)
                .param("now", JdbcDeliveryQueue.ts(now))
                .param("id", endpointId)
                .query()
                .listOfRows()
                .stream().findFirst().orElse(null);
        if (disabled == null) {
            return false;
        }
        jdbc.sql("""
                        update webhook_deliveries set status = 'DEAD', last_error = :error, lease_until = null, lease_token = null, lease_owner = null
                        where endpoint_id = :id and status = 'PENDING'""")
                .param("error", "endpoint disabled: " + reason)
                .param("id", endpointId)
                .update();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("endpointId", endpointId.toString());
        payload.put("url", disabled.get("url"));
        payload.put("reason", reason);
        outbox.append(new OutboxEvent(UUID.randomUUID(), EVENT_TYPE, (UUID) disabled.get("partner_id"), now, payload));
        return true;
    }
}
