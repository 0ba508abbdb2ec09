package io.barberpro.hub.registry.onboarding;

import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.registry.partner.PartnerCredentialRevoker;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/** Offboarding disables the partner's webhook endpoints (and with them their signing secrets). */
public class WebhookEndpointRevoker implements PartnerCredentialRevoker {

    private final ObjectProvider<WebhookEndpointProvisioner> provisioner;

    public WebhookEndpointRevoker(ObjectProvider<WebhookEndpointProvisioner> provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public String kind() {
        return "webhook-endpoint";
    }

    /** The provisioner does not report a count, so this reports 1 when it ran and 0 without the webhooks role. */
    @Override
    public int revokeAll(UUID partnerId, String reason) {
        WebhookEndpointProvisioner webhooks = provisioner.getIfAvailable();
        if (webhooks == null) {
            return 0;
        }
        webhooks.disableAll(partnerId);
        return 1;
    }
}
