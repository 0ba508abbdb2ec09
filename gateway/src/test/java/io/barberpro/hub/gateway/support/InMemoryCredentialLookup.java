package io.barberpro.hub.gateway.support;

import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.PartnerClientCa;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.RatePlan;
import io.barberpro.hub.registry.api.TrustedIdp;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A map-backed stand-in for the registry's in-memory credential index (test use until the registry lands). */
public final class InMemoryCredentialLookup implements CredentialLookup {

    public static final RatePlan STANDARD = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);

    private final Map<String, CredentialVerdict> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, CredentialVerdict> certificates = new ConcurrentHashMap<>();
    private final Map<String, CredentialVerdict> clients = new ConcurrentHashMap<>();
    private final Map<UUID, PartnerSnapshot> partners = new ConcurrentHashMap<>();
    private final Map<String, PartnerSnapshot> byIssuer = new ConcurrentHashMap<>();
    /** Replaced, never mutated: like the registry's index, a new instance means the CAs changed. */
    private volatile List<PartnerClientCa> clientCas = List.of();

    public PartnerSnapshot partner(String slug, RatePlan plan, AuthPolicy policy, TrustedIdp idp) {
        PartnerSnapshot partner = new PartnerSnapshot(UUID.randomUUID(), slug + "-" + UUID.randomUUID().toString().substring(0, 8),
                PartnerStatus.ACTIVE, plan, null, policy, idp);
        partners.put(partner.id(), partner);
        if (idp != null) {
            byIssuer.put(idp.issuer(), partner);
        }
        return partner;
    }

    public PartnerSnapshot partner(String slug) {
        return partner(slug, STANDARD, AuthPolicy.ANY, null);
    }

    public String apiKey(PartnerSnapshot partner, CredentialVerdict.Status status, Set<String> scopes) {
        String key = "bp_test_" + UUID.randomUUID().toString().replace("-", "");
        apiKeys.put(key, verdict(partner, status, scopes, "key-" + key.substring(8, 16)));
        return key;
    }

    public String apiKey(PartnerSnapshot partner) {
        return apiKey(partner, CredentialVerdict.Status.VALID, Set.of());
    }

    public void certificate(PartnerSnapshot partner, X509Certificate certificate, CredentialVerdict.Status status,
                            Set<String> scopes) {
        certificates.put(fingerprint(certificate), verdict(partner, status, scopes, "cert-" + certificate.getSerialNumber()));
    }

    /** Registers a partner's own client-certificate CA; returns its id. */
    public synchronized String clientCa(PartnerSnapshot partner, X509Certificate ca) {
        PartnerClientCa registered = new PartnerClientCa("ca-" + UUID.randomUUID(), partner.id(), ca);
        List<PartnerClientCa> next = new ArrayList<>(clientCas);
        next.add(registered);
        clientCas = List.copyOf(next);
        return registered.caId();
    }

    /** Publishes a revocation list for a registered CA, replacing its last one, as the registry's admin API does. */
    public synchronized void publishCrl(String caId, ClientCaCrl crl) {
        clientCas = clientCas.stream()
                .map(ca -> ca.caId().equals(caId) ? new PartnerClientCa(ca.caId(), ca.partnerId(), ca.certificate(), crl) : ca)
                .toList();
    }

    public synchronized void removeClientCa(String caId) {
        clientCas = clientCas.stream().filter(ca -> !ca.caId().equals(caId)).toList();
    }

    public void setStatus(PartnerSnapshot partner, PartnerStatus status) {
        partners.put(partner.id(), new PartnerSnapshot(partner.id(), partner.slug(), status, partner.plan(),
                partner.rateLimitOverride(), partner.authPolicy(), partner.trustedIdp()));
    }

    public void oauthClient(PartnerSnapshot partner, String clientId, CredentialVerdict.Status status) {
        clients.put(clientId, verdict(partner, status, Set.of(), "client-" + clientId));
    }

    private static CredentialVerdict verdict(PartnerSnapshot partner, CredentialVerdict.Status status, Set<String> scopes,
                                             String id) {
        return new CredentialVerdict(status, partner, id, scopes, status == CredentialVerdict.Status.EXPIRED
                ? Instant.now().minusSeconds(60) : null);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CredentialVerdict apiKey(String presentedKey) {
        return apiKeys.getOrDefault(presentedKey, CredentialVerdict.UNKNOWN);
    }

    @Override
    public CredentialVerdict clientCertificate(String sha256FingerprintHex) {
        return certificates.getOrDefault(sha256FingerprintHex, CredentialVerdict.UNKNOWN);
    }

    @Override
    public List<PartnerClientCa> partnerClientCas() {
        return clientCas;
    }

    /** Judged like the registry does: the partner's current status wins, no scopes. */
    @Override
    public CredentialVerdict partnerCaCertificate(String caId) {
        return clientCas.stream().filter(ca -> ca.caId().equals(caId)).findFirst()
                .map(ca -> partners.get(ca.partnerId()))
                .map(partner -> verdict(partner, switch (partner.status()) {
                    case ACTIVE -> CredentialVerdict.Status.VALID;
                    case SUSPENDED -> CredentialVerdict.Status.PARTNER_SUSPENDED;
                    default -> CredentialVerdict.Status.PARTNER_INACTIVE;
                }, Set.of(), caId))
                .orElse(CredentialVerdict.UNKNOWN);
    }

    @Override
    public CredentialVerdict oauthClient(String clientId) {
        return clients.getOrDefault(clientId, CredentialVerdict.UNKNOWN);
    }

    @Override
    public Optional<PartnerSnapshot> partner(UUID partnerId) {
        return Optional.ofNullable(partners.get(partnerId));
    }

    @Override
    public Optional<PartnerSnapshot> partnerByTrustedIssuer(String issuer) {
        return Optional.ofNullable(byIssuer.get(issuer));
    }
}
