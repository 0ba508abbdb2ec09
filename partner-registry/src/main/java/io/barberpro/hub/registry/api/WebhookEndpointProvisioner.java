package io.barberpro.hub.registry.api;

import java.net.URI;
import java.util.UUID;

/**
 * Implemented by the webhooks module so onboarding can create a partner's first endpoint inside the
 * onboarding transaction without the registry depending on webhooks. Absent when the webhooks
 * role is off; onboarding with a {@code webhookUrl} is then refused.
 */
public interface WebhookEndpointProvisioner {

    /** Creates an endpoint subscribed to every event type and returns it with its signing secret. */
    ProvisionedEndpoint provision(UUID partnerId, URI url);

    /** Disables every endpoint of an offboarded partner (same transaction as the offboarding). */
    void disableAll(UUID partnerId);

    /** @param signingSecret {@code whsec_<base64>}; shown to the partner once, in the onboarding response */
    record ProvisionedEndpoint(UUID endpointId, URI url, String signingSecret) {
    }
}
