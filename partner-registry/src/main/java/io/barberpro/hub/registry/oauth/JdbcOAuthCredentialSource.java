package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.registry.lookup.CredentialIndex;
import io.barberpro.hub.registry.lookup.CredentialSource;
import io.barberpro.hub.registry.lookup.IndexedCredential;
import java.util.Map;
import java.util.UUID;

/** Puts every OAuth client (revoked too, never its secret hash) and every partner's trusted IdP into the index. */
public class JdbcOAuthCredentialSource implements CredentialSource {

    private final JdbcOAuthClientRepository clients;
    private final TrustedIdpService trustedIdps;

    JdbcOAuthCredentialSource(JdbcOAuthClientRepository clients, TrustedIdpService trustedIdps) {
        this.clients = clients;
        this.trustedIdps = trustedIdps;
    }

    @Override
    public void loadInto(CredentialIndex.Builder builder) {
        for (OAuthClientRecord client : clients.findAll()) {
            builder.oauthClient(client.clientId(), new IndexedCredential(client.partnerId(), client.clientId(),
                    client.scopes(), null, client.revokedAt()));
        }
        for (Map.Entry<UUID, io.barberpro.hub.registry.api.TrustedIdp> idp : trustedIdps.findAll().entrySet()) {
            builder.trustedIdp(idp.getKey(), idp.getValue());
        }
    }
}
