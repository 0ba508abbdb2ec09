package io.barberpro.hub.registry.lookup;

import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerClientCa;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.apikey.ApiKeyFormat;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers {@link CredentialLookup} from the current {@link CredentialIndex}; never does I/O, so it
 * is safe on an event loop. Expiry is judged by the injected clock at lookup time, so a key expires
 * on the second even if no registry change happens.
 */
public class InMemoryCredentialLookup implements CredentialLookup {

    private final Clock clock;
    private volatile CredentialIndex index = CredentialIndex.EMPTY;

    public InMemoryCredentialLookup(Clock clock) {
        this.clock = clock;
    }

    void swap(CredentialIndex next) {
        index = next;
    }

    /** The index currently served (for diagnostics and tests). */
    public CredentialIndex currentIndex() {
        return index;
    }

    @Override
    public CredentialVerdict apiKey(String presentedKey) {
        String prefix = ApiKeyFormat.prefixOf(presentedKey);
        if (prefix == null) {
            return CredentialVerdict.UNKNOWN;
        }
        CredentialIndex current = index;
        byte[] presentedHash = ApiKeyFormat.hash(presentedKey);
        for (CredentialIndex.ApiKeyEntry entry : current.apiKeys(prefix)) {
            if (MessageDigest.isEqual(entry.sha256(), presentedHash)) {
                return verdict(current, entry.credential());
            }
        }
        return CredentialVerdict.UNKNOWN;
    }

    @Override
    public CredentialVerdict clientCertificate(String sha256FingerprintHex) {
        if (sha256FingerprintHex == null) {
            return CredentialVerdict.UNKNOWN;
        }
        CredentialIndex current = index;
        return current.certificate(sha256FingerprintHex)
                .map(credential -> verdict(current, credential))
                .orElse(CredentialVerdict.UNKNOWN);
    }

    @Override
    public List<PartnerClientCa> partnerClientCas() {
        return index.partnerClientCas();
    }

    @Override
    public CredentialVerdict partnerCaCertificate(String caId) {
        if (caId == null) {
            return CredentialVerdict.UNKNOWN;
        }
        CredentialIndex current = index;
        return current.partnerClientCa(caId)
                .map(credential -> verdict(current, credential))
                .orElse(CredentialVerdict.UNKNOWN);
    }

    @Override
    public CredentialVerdict oauthClient(String clientId) {
        if (clientId == null) {
            return CredentialVerdict.UNKNOWN;
        }
        CredentialIndex current = index;
        return current.oauthClient(clientId)
                .map(credential -> verdict(current, credential))
                .orElse(CredentialVerdict.UNKNOWN);
    }

    @Override
    public Optional<PartnerSnapshot> partner(UUID partnerId) {
        return partnerId == null ? Optional.empty() : index.partner(partnerId);
    }

    @Override
    public Optional<PartnerSnapshot> partnerByTrustedIssuer(String issuer) {
        return issuer == null ? Optional.empty() : index.partnerByIssuer(issuer);
    }

    private CredentialVerdict verdict(CredentialIndex current, IndexedCredential credential) {
        PartnerSnapshot partner = current.partner(credential.partnerId()).orElse(null);
        if (partner == null) {
            return CredentialVerdict.UNKNOWN;
        }
        return new CredentialVerdict(status(partner, credential), partner, credential.credentialId(),
                credential.scopes(), credential.expiresAt());
    }

    private Status status(PartnerSnapshot partner, IndexedCredential credential) {
        if (partner.status() == PartnerStatus.SUSPENDED) {
            return Status.PARTNER_SUSPENDED;
        }
        if (partner.status() != PartnerStatus.ACTIVE) {
            return Status.PARTNER_INACTIVE;
        }
        if (credential.revokedAt() != null) {
            return Status.REVOKED;
        }
        Instant now = clock.instant();
        if (credential.expiresAt() != null && !now.isBefore(credential.expiresAt())) {
            return Status.EXPIRED;
        }
        return Status.VALID;
    }
}
