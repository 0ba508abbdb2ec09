package io.barberpro.hub.registry.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Mints RFC 9068 JWT access tokens signed with the active ES256 key. CPU only. */
final class AccessTokenIssuer {

    /** RFC 9068 §2.1: the media type that tells an access token from an ID token. */
    static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final TokenSigningKeys keys;
    private final OAuthProperties properties;
    private final Clock clock;

    AccessTokenIssuer(TokenSigningKeys keys, OAuthProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    record AccessToken(String value, long expiresInSeconds, String scope) {
        @Override
        public String toString() {
            return "AccessToken[expiresInSeconds=" + expiresInSeconds + ", scope=" + scope + "]";
        }
    }

    /** @param certificateThumbprint base64url SHA-256 of the client certificate for a bound token, or null */
    AccessToken issue(String clientId, UUID partnerId, Set<String> scopes, String certificateThumbprint) {
        Instant now = clock.instant();
        Instant expiry = now.plus(properties.tokenLifetime());
        String scope = String.join(" ", new TreeSet<>(scopes));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(clientId)
                .audience(properties.audience())
                .claim("client_id", clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("partner_id", partnerId.toString());
        if (!scope.isEmpty()) {
            claims.claim("scope", scope);
        }
        if (certificateThumbprint != null) {
            // RFC 8705 §3.1: the token is only usable with the certificate it was issued for
            claims.claim("cnf", Map.of("x5t#S256", certificateThumbprint));
        }
        ECKey key = keys.activeKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(ACCESS_TOKEN_TYPE)
                .keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return new AccessToken(jwt.serialize(), properties.tokenLifetime().toSeconds(), scope);
    }
}
