package io.barberpro.hub.registry.onboarding;

import io.barberpro.hub.registry.oauth.OAuthClientService;
import io.barberpro.hub.registry.partner.PartnerCredentialRevoker;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/** Offboarding's revocation of the credentials the PKI/OAuth part of the registry issues. */
public final class PkiCredentialRevokers {

    private PkiCredentialRevokers() {
    }

    public static PartnerCredentialRevoker oauthClients(ObjectProvider<OAuthClientService> service) {
        return new PartnerCredentialRevoker() {
            @Override
            public String kind() {
                return "oauth-client";
            }

            @Override
            public int revokeAll(UUID partnerId, String reason) {
                OAuthClientService clients = service.getIfAvailable();
                return clients == null ? 0 : clients.revokeAll(partnerId);
            }
        };
    }

    public static PartnerCredentialRevoker clientCertificates(ObjectProvider<ClientCertificateService> service) {
        return new PartnerCredentialRevoker() {
            @Override
            public String kind() {
                return "client-certificate";
            }

            @Override
            public int revokeAll(UUID partnerId, String reason) {
                ClientCertificateService certificates = service.getIfAvailable();
                return certificates == null ? 0 : certificates.revokeAll(partnerId, reason);
            }
        };
    }
}
