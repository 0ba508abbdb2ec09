package io.barberpro.hub.registry.onboarding;

import io.barberpro.hub.registry.api.PartnerStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a new partner needs, returned once (and replayed for the same Idempotency-Key). The
 * {@code toString()} of every part with a secret leaves the secret out.
 *
 * @param webhook {@code null} when no {@code webhookUrl} was given
 */
public record OnboardingResponse(UUID partnerId, String slug, PartnerStatus status, String plan, ApiKeyPart apiKey,
                                 OAuthClientPart oauthClient, CertificatePart clientCertificate,
                                 String caCertificatePem, WebhookPart webhook, Endpoints endpoints) {

    public record ApiKeyPart(UUID id, String key, String prefix, Set<String> scopes) {
        @Override
        public String toString() {
            return "ApiKeyPart[id=" + id + ", prefix=" + prefix + "]";
        }
    }

    public record OAuthClientPart(String clientId, String clientSecret, Set<String> scopes) {
        @Override
        public String toString() {
            return "OAuthClientPart[clientId=" + clientId + "]";
        }
    }

    /**
     * @param pkcs12Base64   key and chain, only when the hub generated the key (no CSR given)
     * @param pkcs12Password its password, only with {@code pkcs12Base64}
     */
    public record CertificatePart(UUID id, String serialHex, String sha256Fingerprint, Instant notAfter,
                                  String certificateChainPem, String pkcs12Base64, String pkcs12Password) {
        @Override
        public String toString() {
            return "CertificatePart[id=" + id + ", sha256Fingerprint=" + sha256Fingerprint + "]";
        }
    }

    /** @param signingSecret {@code whsec_…}, verifies the hub's webhook signatures */
    public record WebhookPart(UUID endpointId, URI url, String signingSecret) {
        @Override
        public String toString() {
            return "WebhookPart[endpointId=" + endpointId + ", url=" + url + "]";
        }
    }

    /**
     * @param api     the partner edge (HTTPS, client certificates accepted)
     * @param apiHttp the plain-HTTP development edge, when configured
     * @param token   the OAuth2 token endpoint (client_credentials)
     * @param jwks    the hub's token signing keys
     */
    public record Endpoints(URI api, URI apiHttp, URI token, URI jwks) {
    }

    @Override
    public String toString() {
        return "OnboardingResponse[partnerId=" + partnerId + ", slug=" + slug + "]";
    }
}
