package io.barberpro.hub.registry.pki;

import io.barberpro.hub.registry.lookup.CredentialIndex;
import io.barberpro.hub.registry.lookup.CredentialSource;

/** Puts every registered partner client CA into the index, for the edge's PKIX validation. */
public class JdbcPartnerClientCaCredentialSource implements CredentialSource {

    private final JdbcPartnerClientCaRepository cas;

    JdbcPartnerClientCaCredentialSource(JdbcPartnerClientCaRepository cas) {
        this.cas = cas;
    }

    @Override
    public void loadInto(CredentialIndex.Builder builder) {
        cas.findAllCertificates().forEach(builder::partnerClientCa);
    }
}
