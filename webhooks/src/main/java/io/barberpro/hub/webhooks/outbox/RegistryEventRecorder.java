package io.barberpro.hub.webhooks.outbox;

import io.barberpro.hub.registry.api.events.CredentialRevoked;
import io.barberpro.hub.registry.api.events.PartnerOnboarded;
import io.barberpro.hub.registry.api.events.PartnerStatusChanged;
import io.barberpro.hub.registry.api.events.RegistryEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * Writes the registry's lifecycle events into the outbox. A plain {@code @EventListener} runs
 * synchronously in the publisher's thread and therefore inside the registry's transaction; the
 * outbox's MANDATORY propagation turns a publication outside a transaction into an error instead
 * of an event that might not match a committed change.
 */
public class RegistryEventRecorder {

    private final Outbox outbox;

    public RegistryEventRecorder(Outbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    public void on(RegistryEvent event) {
        outbox.append(new OutboxEvent(event.eventId(), event.type(), event.partnerId(), event.occurredAt(), payload(event)));
    }

    static Map<String, Object> payload(RegistryEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partnerId", event.partnerId().toString());
        if (event instanceof PartnerOnboarded onboarded) {
            data.put("slug", onboarded.slug());
        } else if (event instanceof PartnerStatusChanged changed) {
            data.put("from", changed.from() == null ? null : changed.from().name().toLowerCase(Locale.ROOT));
            data.put("to", changed.to().name().toLowerCase(Locale.ROOT));
            data.put("reason", changed.reason());
        } else if (event instanceof CredentialRevoked revoked) {
            data.put("kind", revoked.kind());
            data.put("credentialId", revoked.credentialId());
        }
        return data;
    }
}
