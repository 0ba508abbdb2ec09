package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.events.CredentialRevoked;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists and revokes partner client certificates signed by the hub CA. Every method joins
 * the caller's transaction when there is one (onboarding/offboarding), so a failure rolls the
 * certificate back with the partner.
 */
public class ClientCertificateService {

    static final String KIND = "client-certificate";

    private final HubCertificateAuthority ca;
    private final JdbcClientCertificateRepository certificates;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PkiProperties properties;
    private final SecureRandom random;
    private final RegistryChanges changes;

    ClientCertificateService(HubCertificateAuthority ca, JdbcClientCertificateRepository certificates, JdbcClient jdbc,
                             ApplicationEventPublisher events, Clock clock, PkiProperties properties,
                             SecureRandom random, RegistryChanges changes) {
        this.ca = ca;
        this.certificates = certificates;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        this.random = random;
        this.changes = changes;
    }

    /**
     * Signs the partner's CSR. The CSR's subject is ignored: the certificate names the partner.
     *
     * @throws HubProblemException {@link HubError#INVALID_CSR} for a malformed CSR, a bad signature or a weak key;
     *                             {@link HubError#NOT_FOUND} for an unknown partner, {@link HubError#CONFLICT} for
     *                             an offboarded one
     */
    @Transactional
    public IssuedCertificate issueFromCsr(UUID partnerId, String csrPem) {
        SubjectPublicKeyInfo publicKey = CsrInspector.verifiedPublicKey(csrPem);
        return issued(issue(partnerId, publicKey, false), null, null);
    }

    /** Generates an EC P-256 key pair and returns it with the certificate as a password-protected PKCS#12. */
    @Transactional
    public IssuedCertificate issueWithGeneratedKey(UUID partnerId) {
        KeyPair keyPair = HubCertificateAuthority.generateEcKeyPair(random);
        Issued leaf = issue(partnerId, SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()), true);
        String password = randomPassword();
        return issued(leaf, pkcs12(keyPair, leaf.certificate(), password), password);
    }

    /** Revokes every certificate of the partner; returns how many were still unrevoked. Offboarding calls it. */
    @Transactional
    public int revokeAll(UUID partnerId, String reason) {
        return revokeMatching(partnerId, null, reason);
    }

    /** Revokes one certificate of the partner; false when it does not exist, is another partner's or was revoked. */
    @Transactional
    public boolean revoke(UUID partnerId, UUID certificateId, String reason) {
        return revokeMatching(partnerId, certificateId, reason) == 1;
    }

    @Transactional(readOnly = true)
    public List<ClientCertificateRecord> list(UUID partnerId) {
        return certificates.findByPartner(partnerId);
    }

    @Transactional(readOnly = true)
    public Optional<ClientCertificateRecord> findByFingerprint(String sha256Fingerprint) {
        return certificates.findByFingerprint(sha256Fingerprint);
    }

    /** Every certificate, revoked included: the source for the in-memory credential index. */
    @Transactional(readOnly = true)
    public List<ClientCertificateRecord> findAll() {
        return certificates.findAll();
    }

    public String caCertificatePem() {
        return ca.certificatePem();
    }

    public HubCertificateAuthority certificateAuthority() {
        return ca;
    }

    private int revokeMatching(UUID partnerId, UUID certificateId, String reason) {
        Instant now = clock.instant();
        List<UUID> revoked = certificates.revoke(partnerId, certificateId, reason, now);
        revoked.forEach(id -> events.publishEvent(
                new CredentialRevoked(UUID.randomUUID(), partnerId, KIND, id.toString(), now)));
        if (!revoked.isEmpty()) {
            changes.markChanged();
        }
        return revoked.size();
    }

    private Issued issue(UUID partnerId, SubjectPublicKeyInfo publicKey, boolean keyGenerated) {
        // "for share" waits for a concurrent offboarding (which locks the row) and then sees its outcome
        PartnerName partner = jdbc.sql("select slug, legal_name, status from partners where id = :id for share")
                .param("id", partnerId)
                .query((rs, n) -> new PartnerName(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional()
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "No partner " + partnerId));
        if ("OFFBOARDED".equals(partner.status())) {
            throw new HubProblemException(HubError.CONFLICT, "An offboarded partner cannot get new credentials");
        }
        // DER order is most significant first (O, then CN), as OpenSSL and browsers expect
        var subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, partner.legalName())
                .addRDN(BCStyle.CN, partner.slug())
                .build();
        Instant now = clock.instant();
        X509Certificate leaf = ca.issueClientCertificate(subject, publicKey, now, properties.clientCertificateValidity());
        UUID id = UUID.randomUUID();
        certificates.insert(new ClientCertificateRecord(id, partnerId,
                leaf.getSerialNumber().toString(16), Pem.sha256Fingerprint(leaf), subject.toString(),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), keyGenerated, now, null, null),
                Pem.certificate(leaf));
        changes.markChanged();
        return new Issued(id, leaf);
    }

    private IssuedCertificate issued(Issued issued, String pkcs12, String password) {
        X509Certificate leaf = issued.certificate();
        return new IssuedCertificate(issued.id(), leaf.getSerialNumber().toString(16), Pem.sha256Fingerprint(leaf),
                leaf.getNotAfter().toInstant(), Pem.certificate(leaf) + ca.certificatePem(), pkcs12, password,
                ca.certificatePem());
    }

    private String pkcs12(KeyPair keyPair, X509Certificate leaf, String password) {
        return Pkcs12Bundle.base64(keyPair.getPrivate(), new X509Certificate[] {leaf, ca.certificate()},
                password.toCharArray());
    }

    /** 144 random bits, URL-safe so it survives shells and JSON unchanged. */
    private String randomPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record Issued(UUID id, X509Certificate certificate) {
    }

    private record PartnerName(String slug, String legalName, String status) {
    }
}
