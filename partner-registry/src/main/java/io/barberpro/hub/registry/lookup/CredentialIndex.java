package io.barberpro.hub.registry.lookup;

import io.barberpro.hub.registry.api.PartnerClientCa;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.TrustedIdp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable picture of everything the edge asks the registry on each request, as of one
 * registry change {@link #version()}. Built off the request path by {@link CredentialIndexRefresher}
 * and swapped in atomically; lookups then touch only these maps.
 */
public final class CredentialIndex {

    /** An API key entry: the SHA-256 of the whole key, compared in constant time. */
    record ApiKeyEntry(byte[] sha256, IndexedCredential credential) {
    }

    static final CredentialIndex EMPTY = new Builder(-1).build();

    private final long version;
    private final Map<UUID, PartnerSnapshot> partners;
    private final Map<String, PartnerSnapshot> partnersByIssuer;
    private final Map<String, List<ApiKeyEntry>> apiKeysByPrefix;
    private final Map<String, IndexedCredential> certificatesByFingerprint;
    private final Map<String, IndexedCredential> oauthClientsById;
    private final List<PartnerClientCa> partnerClientCas;
    private final Map<String, IndexedCredential> partnerClientCasById;

    private CredentialIndex(Builder builder) {
        this.version = builder.version;
        Map<UUID, PartnerSnapshot> partners = new HashMap<>();
        Map<String, PartnerSnapshot> byIssuer = new HashMap<>();
        builder.partners.forEach((id, snapshot) -> {
            TrustedIdp idp = builder.trustedIdps.get(id);
            PartnerSnapshot complete = idp == null ? snapshot
                    : new PartnerSnapshot(snapshot.id(), snapshot.slug(), snapshot.status(), snapshot.plan(),
                    snapshot.rateLimitOverride(), snapshot.authPolicy(), idp);
            partners.put(id, complete);
            if (idp != null) {
                byIssuer.put(idp.issuer(), complete);
            }
        });
        this.partners = Map.copyOf(partners);
        this.partnersByIssuer = Map.copyOf(byIssuer);
        Map<String, List<ApiKeyEntry>> keys = new HashMap<>();
        builder.apiKeysByPrefix.forEach((prefix, entries) -> keys.put(prefix, List.copyOf(entries)));
        this.apiKeysByPrefix = Map.copyOf(keys);
        this.certificatesByFingerprint = Map.copyOf(builder.certificates);
        this.oauthClientsById = Map.copyOf(builder.oauthClients);
        this.partnerClientCas = List.copyOf(builder.partnerClientCas);
        Map<String, IndexedCredential> casById = new HashMap<>();
        // No expiry on the credential: the gateway checks every certificate of the chain, the CA included.
        builder.partnerClientCas.forEach(ca -> casById.put(ca.caId(),
                new IndexedCredential(ca.partnerId(), ca.caId(), Set.of(), null, null)));
        this.partnerClientCasById = Map.copyOf(casById);
    }

    public static Builder builder(long version) {
        return new Builder(version);
    }

    /** The {@code registry_changes} version this index reflects; -1 before the first load. */
    public long version() {
        return version;
    }

    public Optional<PartnerSnapshot> partner(UUID id) {
        return Optional.ofNullable(partners.get(id));
    }

    Optional<PartnerSnapshot> partnerByIssuer(String issuer) {
        return Optional.ofNullable(partnersByIssuer.get(issuer));
    }

    List<ApiKeyEntry> apiKeys(String prefix) {
        return apiKeysByPrefix.getOrDefault(prefix, List.of());
    }

    Optional<IndexedCredential> certificate(String fingerprintHex) {
        return Optional.ofNullable(certificatesByFingerprint.get(fingerprintHex.toLowerCase(Locale.ROOT)));
    }

    List<PartnerClientCa> partnerClientCas() {
        return partnerClientCas;
    }

    Optional<IndexedCredential> partnerClientCa(String caId) {
        return Optional.ofNullable(partnerClientCasById.get(caId));
    }

    Optional<IndexedCredential> oauthClient(String clientId) {
        return Optional.ofNullable(oauthClientsById.get(clientId));
    }

    public int partnerCount() {
        return partners.size();
    }

    /** Collects one rebuild's data; not thread-safe, used by one rebuild at a time. */
    public static final class Builder {

        private final long version;
        private final Map<UUID, PartnerSnapshot> partners = new HashMap<>();
        private final Map<UUID, TrustedIdp> trustedIdps = new HashMap<>();
        private final Map<String, List<ApiKeyEntry>> apiKeysByPrefix = new HashMap<>();
        private final Map<String, IndexedCredential> certificates = new HashMap<>();
        private final Map<String, IndexedCredential> oauthClients = new HashMap<>();
        private final List<PartnerClientCa> partnerClientCas = new ArrayList<>();

        private Builder(long version) {
            this.version = version;
        }

        /** A partner, in every status (offboarded ones too, so their credentials say so). */
        public Builder partner(PartnerSnapshot partner) {
            partners.put(partner.id(), partner);
            return this;
        }

        /** The partner's own IdP; merged into its {@link PartnerSnapshot} and indexed by issuer. */
        public Builder trustedIdp(UUID partnerId, TrustedIdp idp) {
            trustedIdps.put(partnerId, idp);
            return this;
        }

        /** An API key by its visible prefix (e.g. {@code bph_k3x9q2mz}) and the SHA-256 of the whole key. */
        public Builder apiKey(String prefix, byte[] sha256, IndexedCredential credential) {
            apiKeysByPrefix.computeIfAbsent(prefix, p -> new ArrayList<>(1))
                    .add(new ApiKeyEntry(sha256.clone(), credential));
            return this;
        }

        /** A client certificate by the hex SHA-256 of its DER encoding (case-insensitive). */
        public Builder clientCertificate(String sha256FingerprintHex, IndexedCredential credential) {
            certificates.put(sha256FingerprintHex.toLowerCase(Locale.ROOT), credential);
            return this;
        }

        /** An OAuth client of the hub's token endpoint by client id. */
        public Builder oauthClient(String clientId, IndexedCredential credential) {
            oauthClients.put(clientId, credential);
            return this;
        }

        /** A client-certificate CA a partner registered. */
        public Builder partnerClientCa(PartnerClientCa ca) {
            partnerClientCas.add(ca);
            return this;
        }

        public CredentialIndex build() {
            return new CredentialIndex(this);
        }
    }
}
