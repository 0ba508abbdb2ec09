package io.barberpro.hub.gateway.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.HubTokenKeys;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.TrustedIdp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth2 bearer JWTs (RFC 6750, RFC 9068 profile) signed by the hub's token endpoint or by a
 * partner's own IdP. The unverified {@code iss} only chooses where the keys come from; everything
 * else is believed after the signature checks out.
 *
 * <p>Defences: an algorithm allow-list that can never contain {@code none} or HMAC, and a verifier
 * chosen by the key's type (an EC or RSA public key is never used as an HMAC secret, the classic
 * RS/HS confusion); {@code kid} lookup; {@code iss} and {@code aud} exact; {@code exp} required,
 * {@code exp}/{@code nbf} with a small leeway by the injected clock; {@code typ} {@code at+jwt} on the
 * hub's own tokens (RFC 9068 §4), and on a partner IdP's {@code at+jwt}, {@code JWT} or none, as most IdPs
 * type their access tokens; a JWK whose {@code use} or {@code key_ops} is not for verifying is not used;
 * RFC 8705 certificate-bound tokens ({@code cnf.x5t#S256}) only together with the very client certificate
 * of this TLS connection.
 */
final class JwtAuthenticator implements Authenticator {

    private static final String ACCESS_TOKEN_TYPE = "at+jwt";
    private static final Set<String> IDP_TYPES = Set.of(ACCESS_TOKEN_TYPE, "jwt");
    private static final String APPLICATION = "application/";

    /** Distinct live tokens remembered; at a few KB each (parsed) this bounds the memory to a few tens of MB. */
    static final int VERIFIED_TOKENS_CAPACITY = 10_000;

    private final CredentialLookup lookup;
    private final ObjectProvider<HubTokenKeys> hubKeysProvider;
    /** Resolved on first use (the registry may create it after this bean) and then kept: no bean lookup per request. */
    private volatile HubTokenKeys hubKeys;
    private final HttpIdpJwksCache idpKeys;
    private final Clock clock;
    private final Set<JWSAlgorithm> algorithms;
    private final Duration leeway;
    private final VerifiedTokens verifiedTokens = new VerifiedTokens(VERIFIED_TOKENS_CAPACITY);

    JwtAuthenticator(CredentialLookup lookup, ObjectProvider<HubTokenKeys> hubKeys, HttpIdpJwksCache idpKeys,
                     Clock clock, HubGatewayProperties.Jwt properties) {
        this.lookup = lookup;
        this.hubKeysProvider = hubKeys;
        this.idpKeys = idpKeys;
        this.clock = clock;
        this.leeway = properties.clockSkew();
        this.algorithms = properties.algorithms().stream()
                .map(JWSAlgorithm::parse)
                .filter(alg -> !JWSAlgorithm.Family.HMAC_SHA.contains(alg) && !"none".equalsIgnoreCase(alg.getName()))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.OAUTH2_JWT;
    }

    @Override
    public Mono<AuthResult> authenticate(ServerWebExchange exchange) {
        String token = PresentedCredentials.bearerToken(exchange);
        if (token == null) {
            return Mono.empty();
        }
        VerifiedTokens.Verified known = verifiedTokens.get(token);
        SignedJWT jwt;
        JWTClaimsSet unverified;
        if (known != null) {
            jwt = known.jwt();
            unverified = claims(jwt);
        } else {
            try {
                if (token.length() > PresentedCredentials.MAX_CREDENTIAL_LENGTH) {
                    return refused("token too long");
                }
                jwt = SignedJWT.parse(token);
                unverified = jwt.getJWTClaimsSet();
            } catch (ParseException e) {
                return refused("not a signed JWT");
            }
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return refused("algorithm " + header.getAlgorithm() + " not allowed");
        }
        String type = mediaType(header.getType());
        String issuer = unverified.getIssuer();
        if (issuer == null) {
            return refused("no iss");
        }
        HubTokenKeys hub = hubKeys();
        if (hub != null && issuer.equals(hub.issuer())) {
            if (!ACCESS_TOKEN_TYPE.equals(type)) {
                return refused("hub token typed " + type);
            }
            JWK key = hub.publicKeys().getKeyByKeyId(header.getKeyID());
            return Mono.just(verifyHubToken(exchange, token, jwt, known, key, hub.audience()));
        }
        Optional<PartnerSnapshot> partner = lookup.partnerByTrustedIssuer(issuer);
        TrustedIdp idp = partner.map(PartnerSnapshot::trustedIdp).orElse(null);
        if (idp == null || !issuer.equals(idp.issuer())) {
            return refused("unknown issuer");
        }
        if (type != null && !IDP_TYPES.contains(type)) {
            return refused("IdP token typed " + type);
        }
        return idpKeys.key(idp.jwksUri(), header)
                .map(key -> verifyIdpToken(exchange, token, jwt, known, key, partner.get(), idp))
                .switchIfEmpty(refused("unknown kid"));
    }

    /**
     * {@code typ} lower-cased without its {@code application/} prefix, or null: RFC 7515 §4.1.9 reads a typ
     * without '/' as if {@code application/} were prepended, and media types compare case-insensitively.
     */
    private static String mediaType(JOSEObjectType type) {
        if (type == null) {
            return null;
        }
        String value = type.getType().toLowerCase(Locale.ROOT);
        return value.startsWith(APPLICATION) ? value.substring(APPLICATION.length()) : value;
    }

    private HubTokenKeys hubKeys() {
        HubTokenKeys keys = hubKeys;
        if (keys == null) {
            keys = hubKeysProvider.getIfAvailable();
            hubKeys = keys;
        }
        return keys;
    }

    private AuthResult verifyHubToken(ServerWebExchange exchange, String token, SignedJWT jwt,
                                      VerifiedTokens.Verified known, JWK key, String audience) {
        Verification verification = verify(exchange, token, jwt, known, key, audience);
        if (verification.problem() != null) {
            return AuthResult.refused(method(), verification.problem());
        }
        JWTClaimsSet claims = claims(jwt);
        String clientId = stringClaim(claims, "client_id");
        if (clientId == null) {
            clientId = claims.getSubject();
        }
        if (clientId == null) {
            return AuthResult.refused(method(), "no client_id");
        }
        CredentialVerdict verdict = lookup.oauthClient(clientId);
        Set<String> scopes = verification.token().scopes();
        if (!verdict.scopes().isEmpty() && !verdict.scopes().containsAll(scopes)) {
            // The client may have lost scopes since the token was issued.
            scopes = new HashSet<>(scopes);
            scopes.retainAll(verdict.scopes());
        }
        return AuthResult.of(method(), verdict, scopes);
    }

    private AuthResult verifyIdpToken(ServerWebExchange exchange, String token, SignedJWT jwt,
                                      VerifiedTokens.Verified known, JWK key, PartnerSnapshot partner, TrustedIdp idp) {
        Verification verification = verify(exchange, token, jwt, known, key, idp.audience());
        if (verification.problem() != null) {
            return AuthResult.refused(method(), verification.problem());
        }
        if (!partner.isActive()) {
            return new AuthResult.Refused(method(), HubError.PARTNER_SUSPENDED, partner.status().name().toLowerCase());
        }
        return new AuthResult.Accepted(method(), partner, verification.token().scopes(), "idp:" + idp.issuer());
    }

    /** The outcome of {@link #verify}: the token with its signature checked, or why it is refused (for logs only). */
    private record Verification(VerifiedTokens.Verified token, String problem) {

        static Verification refused(String problem) {
            return new Verification(null, problem);
        }
    }

    private Verification verify(ServerWebExchange exchange, String token, SignedJWT jwt, VerifiedTokens.Verified known,
                                JWK key, String audience) {
        if (key == null) {
            return Verification.refused("unknown kid");
        }
        VerifiedTokens.Verified verified = verifiedSignature(token, jwt, known, key);
        if (verified == null) {
            return Verification.refused("bad signature");
        }
        String problem = claimsProblem(exchange, claims(jwt), audience);
        return problem == null ? new Verification(verified, null) : Verification.refused(problem);
    }

    /** Null when the lifetime, audience and certificate binding hold, else the reason. */
    private String claimsProblem(ServerWebExchange exchange, JWTClaimsSet claims, String audience) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(leeway).isAfter(now)) {
            return "expired or no exp";
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(leeway).isAfter(now)) {
            return "not yet valid";
        }
        if (audience == null || claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            return "wrong audience";
        }
        return certificateBindingProblem(exchange, claims);
    }

    private static String certificateBindingProblem(ServerWebExchange exchange, JWTClaimsSet claims) {
        Object cnf = claims.getClaim("cnf");
        if (cnf == null) {
            return null;
        }
        Object thumbprint = cnf instanceof Map<?, ?> map ? map.get("x5t#S256") : null;
        if (thumbprint == null) {
            return "unsupported cnf";
        }
        ClientCertificate presented = ClientCertificate.of(exchange.getRequest());
        if (presented == null) {
            return "certificate-bound token without certificate";
        }
        return PresentedCredentials.base64Url(presented.sha256()).equals(thumbprint.toString())
                ? null : "certificate-bound token with another certificate";
    }

    /** The token as verified by this key (remembered with its scopes the first time), or null for a bad signature. */
    private VerifiedTokens.Verified verifiedSignature(String token, SignedJWT jwt, VerifiedTokens.Verified known, JWK key) {
        if (known != null && known.verifiedBy(key)) {
            return known;
        }
        if (!verifySignature(jwt, key)) {
            return null;
        }
        VerifiedTokens.Verified verified = new VerifiedTokens.Verified(jwt, key, scopes(claims(jwt)));
        verifiedTokens.remember(token, verified);
        return verified;
    }

    private static boolean verifySignature(SignedJWT jwt, JWK key) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return false;
        }
        if (key.getKeyUse() != null && key.getKeyUse() != KeyUse.SIGNATURE) {
            return false;
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return false;
        }
        try {
            JWSVerifier verifier;
            if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                verifier = new ECDSAVerifier(ec);
            } else if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                verifier = new RSASSAVerifier(rsa);
            } else {
                return false;
            }
            return verifier.supportedJWSAlgorithms().contains(alg) && jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("claims were parsed before", e);
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    /** {@code scope} (space-separated, RFC 8693/9068) or {@code scp} (array, common IdP variant). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).collect(Collectors.toUnmodifiableSet());
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof Collection<?> list) {
            return list.stream().map(Object::toString).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }

    private Mono<AuthResult> refused(String reason) {
        return Mono.just(AuthResult.refused(method(), reason));
    }
}
