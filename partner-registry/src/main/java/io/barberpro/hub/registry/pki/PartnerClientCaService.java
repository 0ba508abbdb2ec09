package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, lists and removes the client-certificate CAs a partner brings, and keeps the revocation
 * list (CRL) of each, which the edge checks: pushed by an admin, or fetched by {@link PartnerCrlFetcher}
 * from the CA's distribution point. The OCSP responders a CA's certificates name are asked by the gateway itself
 * ({@code PartnerOcspCheck}), not kept here.
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
                ca.getNotAfter().toInstant(), now, null, null);
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

    /** The revocation list now in force, and whether this publication changed it. */
    public record CrlPublication(ClientCaCrlRecord crl, boolean changed) {
    }

    /**
     * Makes {@code body} (a DER or PEM X.509 CRL) the CA's revocation list, replacing the one before it; the
     * same list again changes nothing.
     *
     * @throws HubProblemException NOT_FOUND for an unknown CA (or another partner's), VALIDATION_FAILED for a list the
     *                             edge cannot rely on ({@link ClientCaCrlInspector}), CONFLICT for a list older than the
     *                             published one, so a replayed old list cannot un-revoke a certificate
     */
    @Transactional
    public CrlPublication publishCrl(UUID partnerId, UUID caId, byte[] body) {
        X509Certificate ca = cas.lockCertificate(partnerId, caId)
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown client CA"));
        Instant now = clock.instant();
        ClientCaCrlInspector.InspectedCrl crl = ClientCaCrlInspector.verified(body, ca, now);
        Optional<JdbcPartnerClientCaRepository.PublishedCrl> published = cas.findCrl(caId);
        if (published.isPresent()) {
            if (Arrays.equals(crl.der(), published.get().der())) {
                return new CrlPublication(cas.find(partnerId, caId).orElseThrow().crl(), false);
            }
            requireNotOlder(crl, published.get());
        }
        cas.saveCrl(caId, crl, now);
        changes.markChanged();
        return new CrlPublication(new ClientCaCrlRecord(crl.crlNumber() == null ? null : crl.crlNumber().toString(),
                crl.thisUpdate(), crl.nextUpdate(), crl.revoked().size(), now), true);
    }

    /** False when the CA has no published list (or does not exist, or is another partner's). */
    @Transactional
    public boolean withdrawCrl(UUID partnerId, UUID caId) {
        if (cas.lockCertificate(partnerId, caId).isEmpty() || !cas.deleteCrl(caId)) {
            return false;
        }
        changes.markChanged();
        return true;
    }

    /**
     * Has the hub fetch the CA's list from {@code url} from now on, starting with {@code firstList}, which the
     * caller fetched from it: it is published like {@link #publishCrl}, so a source that serves no usable list is
     * refused before it is kept.
     */
    @Transactional
    public PartnerClientCaRecord setCrlSource(UUID partnerId, UUID caId, URI url, byte[] firstList) {
        publishCrl(partnerId, caId, firstList);
        cas.setCrlSource(caId, url, clock.instant());
        return cas.find(partnerId, caId).orElseThrow();
    }

    /** Stops fetching; the list last published stays in force. False when the CA has no source. */
    @Transactional
    public boolean removeCrlSource(UUID partnerId, UUID caId) {
        return cas.lockCertificate(partnerId, caId).isPresent() && cas.clearCrlSource(caId);
    }

    /** Claims the CAs whose lists are due ({@link JdbcPartnerClientCaRepository#claimDueCrlSources}). */
    @Transactional
    public List<JdbcPartnerClientCaRepository.DueCrlSource> claimDueCrlSources(Duration interval, Duration staleRetry) {
        Instant now = clock.instant();
        return cas.claimDueCrlSources(now, now.minus(interval), now.minus(staleRetry));
    }

    @Transactional
    public void recordCrlCheck(UUID caId, String error) {
        cas.recordCrlCheck(caId, error);
    }

    /**
     * RFC 5280 §5.2.3: CRL numbers only grow, so a different list under the published number is refused too;
     * lists without numbers are ordered by thisUpdate. The caller has ruled out the published list itself.
     */
    private static void requireNotOlder(ClientCaCrlInspector.InspectedCrl next, JdbcPartnerClientCaRepository.PublishedCrl published) {
        BigInteger nextNumber = next.crlNumber();
        BigInteger publishedNumber = published.crlNumber();
        if (nextNumber != null && publishedNumber != null) {
            int order = nextNumber.compareTo(publishedNumber);
            if (order < 0) {
                throw new HubProblemException(HubError.CONFLICT, "CRL number " + nextNumber
                        + " is lower than that of the published CRL (" + publishedNumber + ")");
            }
            if (order == 0) {
                throw new HubProblemException(HubError.CONFLICT, "A different CRL with number " + nextNumber
                        + " is already published");
            }
        } else if (next.thisUpdate().isBefore(published.thisUpdate())) {
            throw new HubProblemException(HubError.CONFLICT, "The CRL's thisUpdate (" + next.thisUpdate()
                    + ") is older than that of the published CRL (" + published.thisUpdate() + ")");
        }
    }
}
