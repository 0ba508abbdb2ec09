package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, lists and removes the client-certificate CAs a partner brings. Removing a CA is the only
 * way to withdraw the leaves it issued: the hub does not track them one by one (no CRL/OCSP).
 */
public class PartnerClientCaService {

    private final JdbcPartnerClientCaRepository cas;
    private final JdbcPartnerRepository partners;
    private final Clock clock;
    private final RegistryChanges changes;

    PartnerClientCaService(JdbcPartnerClientCaRepository cas, JdbcPartnerRepository partners, Clock clock,
                           RegistryChanges changes) {
        this.cas = cas;
        this.partners = partners;
        this.clock = clock;
        this.changes = changes;
    }

    /**
     * @throws HubProblemException VALIDATION_FAILED for a certificate that is no usable CA, NOT_FOUND for an unknown
     *                             partner, CONFLICT for an offboarded one, DUPLICATE when a CA with the same public
     *                             key is already registered (for any partner: a key must name one partner)
     */
    @Transactional
    public PartnerClientCaRecord register(UUID partnerId, NewClientCaRequest request) {
        Instant now = clock.instant();
        X509Certificate ca = ClientCaInspector.verifiedCa(request, now);
        partners.requireOpenForNewCredentials(partnerId);
        PartnerClientCaRecord record = new PartnerClientCaRecord(UUID.randomUUID(), partnerId,
                ca.getSubjectX500Principal().getName(), Pem.sha256Fingerprint(ca), ca.getNotBefore().toInstant(),
                ca.getNotAfter().toInstant(), now);
        try {
            cas.insert(record, HexFormat.of().formatHex(Pem.sha256(ca.getPublicKey().getEncoded())), Pem.certificate(ca));
        } catch (DuplicateKeyException e) {
            throw new HubProblemException(HubError.DUPLICATE, "A CA with this public key is already registered");
        }
        changes.markChanged();
        return record;
    }

    @Transactional(readOnly = true)
    public List<PartnerClientCaRecord> list(UUID partnerId) {
        return cas.findByPartner(partnerId);
    }

    @Transactional(readOnly = true)
    public Optional<PartnerClientCaRecord> find(UUID partnerId, UUID caId) {
        return cas.find(partnerId, caId);
    }

    /** False when the CA does not exist or is another partner's. */
    @Transactional
    public boolean remove(UUID partnerId, UUID caId) {
        boolean removed = cas.delete(partnerId, caId);
        if (removed) {
            changes.markChanged();
        }
        return removed;
    }
}
