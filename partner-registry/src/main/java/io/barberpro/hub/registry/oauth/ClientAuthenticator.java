package io.barberpro.hub.registry.oauth;

import io.barberpro.hub.registry.oauth.JdbcOAuthClientRepository.ClientAndPartner;
import io.barberpro.hub.registry.pki.ClientCertificateRecord;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.Pem;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a token-endpoint client by secret (HTTP Basic) or by certificate (RFC 8705 §2.1
 * {@code tls_client_auth}). Blocking (reads PostgreSQL): call it on a bounded-elastic thread.
 * Every failure is the same {@link OAuthError#invalidClient()}; the reason goes to the log only.
 */
final class ClientAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticator.class);
    private static final byte[] NO_CLIENT_HASH = new byte[32];

    private final JdbcOAuthClientRepository clients;
    private final ClientCertificateService certificates;
    private final Clock clock;

    ClientAuthenticator(JdbcOAuthClientRepository clients, ClientCertificateService certificates, Clock clock) {
        this.clients = clients;
        this.certificates = certificates;
        this.clock = clock;
    }

    /** @param certificateThumbprint base64url SHA-256 of the certificate DER when authenticated by mTLS */
    record Authenticated(OAuthClientRecord client, String certificateThumbprint) {
    }

    Authenticated bySecret(String clientId, String secret) {
        Optional<ClientAndPartner> found = clients.findWithPartnerStatus(clientId);
        // hash even for an unknown client so response time does not tell which ids exist
        boolean secretMatches = ClientSecrets.matches(secret,
                found.map(c -> c.client().secretSha256()).orElse(NO_CLIENT_HASH));
        ClientAndPartner client = usable(clientId, found);
        if (!secretMatches) {
            throw refuse(clientId, "wrong secret");
        }
        return new Authenticated(client.client(), null);
    }

    Authenticated byCertificate(String clientId, X509Certificate certificate) {
        ClientAndPartner client = usable(clientId, clients.findWithPartnerStatus(clientId));
        Instant now = clock.instant();
        if (!certificates.certificateAuthority().issued(certificate)) {
            throw refuse(clientId, "certificate not issued by the hub CA");
        }
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw refuse(clientId, "certificate outside its validity");
        }
        String fingerprint = Pem.sha256Fingerprint(certificate);
        ClientCertificateRecord record = certificates.findByFingerprint(fingerprint)
                .orElseThrow(() -> refuse(clientId, "certificate not registered"));
        if (!record.partnerId().equals(client.client().partnerId())) {
            throw refuse(clientId, "certificate belongs to another partner");
        }
        if (!record.isUsableAt(now)) {
            throw refuse(clientId, record.isRevoked() ? "certificate revoked" : "certificate outside its validity");
        }
        return new Authenticated(client.client(), thumbprint(certificate));
    }

    private ClientAndPartner usable(String clientId, Optional<ClientAndPartner> found) {
        ClientAndPartner client = found.orElseThrow(() -> refuse(clientId, "unknown client"));
        if (client.client().isRevoked()) {
            throw refuse(clientId, "client revoked");
        }
        if (!"ACTIVE".equals(client.partnerStatus())) {
            throw refuse(clientId, "partner " + client.partnerStatus());
        }
        return client;
    }

    /** RFC 8705 §3.1 {@code x5t#S256}. */
    static String thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuthError refuse(String clientId, String reason) {
        log.info("Token request refused for client {}: {}", clientId, reason);
        return OAuthError.invalidClient();
    }
}
