package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.barberpro.hub.gateway.EdgeIntegrationTest;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.InMemoryCredentialLookup;
import io.barberpro.hub.gateway.support.TestHubTokenKeys;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.TrustedIdp;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

class JwtAuthenticationIntegrationTest extends EdgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    private record Client(PartnerSnapshot partner, String clientId) {
    }

    private Client client() {
        PartnerSnapshot partner = registry.partner("oauth");
        String clientId = "client-" + UUID.randomUUID();
        registry.oauthClient(partner, clientId, Status.VALID);
        return new Client(partner, clientId);
    }

    private JWTClaimsSet.Builder claims(Client client) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(TestHubTokenKeys.ISSUER)
                .audience(TestHubTokenKeys.AUDIENCE)
                .subject(client.clientId())
                .claim("client_id", client.clientId())
                .claim("scope", "bookings:read reports:read")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString());
    }

    private String hubToken(JWTClaimsSet claims) throws Exception {
        return sign(claims, new ECDSASigner(hubKeys.signingKey()), JWSAlgorithm.ES256, hubKeys.signingKey().getKeyID());
    }

    private static String sign(JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm alg, String kid) throws Exception {
        return sign(claims, signer, alg, kid, new JOSEObjectType("at+jwt"));
    }

    private static String sign(JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm alg, String kid, JOSEObjectType type)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(type).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private record Idp(String issuer, PartnerSnapshot partner) {

        JWTClaimsSet.Builder claims(Instant now) {
            return new JWTClaimsSet.Builder().issuer(issuer).audience("barberpro-idp-audience")
                    .subject("partner-system").expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        }
    }

    /** A partner whose own IdP publishes {@code keys} as its JWKS (served by WireMock). */
    private Idp trustedIdp(JWK... keys) {
        return trustedIdp(new JWKSet(java.util.List.of(keys)).toString());
    }

    /** A partner whose own IdP publishes {@code jwks} (a JWK Set document, served by WireMock). */
    private Idp trustedIdp(String jwks) {
        String issuer = "https://idp-" + UUID.randomUUID() + ".partner.test";
        String jwksPath = "/idp/" + UUID.randomUUID() + "/jwks.json";
        UPSTREAM.stubFor(WireMock.get(urlEqualTo(jwksPath)).willReturn(WireMock.okJson(jwks)));
        PartnerSnapshot partner = registry.partner("idp", InMemoryCredentialLookup.STANDARD, AuthPolicy.ANY,
                new TrustedIdp(issuer, URI.create(UPSTREAM.baseUrl() + jwksPath), "barberpro-idp-audience"));
        return new Idp(issuer, partner);
    }

    private Response call(String token) {
        return https().get("/api/v1/providers", h -> h.set("Authorization", "Bearer " + token));
    }

    private void assertRefused(Response response) throws Exception {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"barberpro\", error=\"invalid_token\", ApiKey realm=\"barberpro\"");
        assertThat(json.readTree(response.body()).path("detail").asText()).isEqualTo("The presented credentials are not valid");
    }

    @Test
    void acceptsAHubTokenAndNeverForwardsIt() throws Exception {
        Client client = client();

        Response response = call(hubToken(claims(client).build()));

        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(client.partner().id().toString()))
                .withHeader("Authorization", absent()));
    }

    @Test
    void refusesAlgNone() throws Exception {
        Client client = client();
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(claims(client).build().toString()).toString();

        assertRefused(call(header + "." + payload + "."));
    }

    @Test
    void refusesHs256SignedWithTheHubsPublicKey() throws Exception {
        Client client = client();
        byte[] publicKey = hubKeys.signingKey().toECPublicKey().getEncoded();

        assertRefused(call(sign(claims(client).build(), new MACSigner(publicKey), JWSAlgorithm.HS256,
                hubKeys.signingKey().getKeyID())));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        Client client = client();
        Instant past = clock.instant().minus(Duration.ofMinutes(2));

        assertRefused(call(hubToken(claims(client).expirationTime(Date.from(past)).build())));
    }

    @Test
    void refusesATokenItAcceptedBeforeOnceItHasExpired() throws Exception {
        // a verified token is remembered parsed; its lifetime must still be checked on every request
        Client client = client();
        String token = hubToken(claims(client).build());
        assertThat(call(token).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));

        assertRefused(call(token));
    }

    @Test
    void acceptsATokenExpiredWithinTheLeeway() throws Exception {
        Client client = client();
        Instant justNow = clock.instant().minus(Duration.ofSeconds(10));

        assertThat(call(hubToken(claims(client).expirationTime(Date.from(justNow)).build())).status()).isEqualTo(200);
    }

    @Test
    void refusesATokenNotYetValid() throws Exception {
        Client client = client();
        Instant later = clock.instant().plus(Duration.ofMinutes(2));

        assertRefused(call(hubToken(claims(client).notBeforeTime(Date.from(later)).build())));
    }

    @Test
    void refusesTheWrongAudienceAndTheWrongIssuer() throws Exception {
        Client client = client();

        assertRefused(call(hubToken(claims(client).audience("someone-else").build())));
        assertRefused(call(hubToken(claims(client).issuer("https://evil.example").build())));
    }

    @Test
    void refusesAHubSignedTokenNotTypedAsAnAccessToken() throws Exception {
        // RFC 9068 §4: typ must be at+jwt, so another JWT signed by the hub's key can never pass as an access token
        Client client = client();
        JWTClaimsSet claims = claims(client).build();
        ECDSASigner hubSigner = new ECDSASigner(hubKeys.signingKey());
        String kid = hubKeys.signingKey().getKeyID();

        Response typedJwt = call(sign(claims, hubSigner, JWSAlgorithm.ES256, kid, JOSEObjectType.JWT));
        Response untyped = call(sign(claims, hubSigner, JWSAlgorithm.ES256, kid, null));
        Response fullMediaType = call(sign(claims, hubSigner, JWSAlgorithm.ES256, kid,
                new JOSEObjectType("application/at+jwt")));

        assertRefused(typedJwt);
        assertRefused(untyped);
        assertThat(fullMediaType.status()).isEqualTo(200);
    }

    @Test
    void acceptsAPartnerIdpTokenTypedJwtWithOrWithoutTheApplicationPrefix() throws Exception {
        // RFC 7515 §4.1.9: a typ without '/' means "application/" + typ, so JWT and application/jwt are one type
        RSAKey idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        Idp idp = trustedIdp(idpKey.toPublicJWK());
        JWTClaimsSet claims = idp.claims(clock.instant()).build();

        Response shortForm = call(sign(claims, new RSASSASigner(idpKey), JWSAlgorithm.RS256, "idp-1", JOSEObjectType.JWT));
        Response fullForm = call(sign(claims, new RSASSASigner(idpKey), JWSAlgorithm.RS256, "idp-1",
                new JOSEObjectType("application/jwt")));
        Response otherType = call(sign(claims, new RSASSASigner(idpKey), JWSAlgorithm.RS256, "idp-1",
                new JOSEObjectType("secevent+jwt")));

        assertThat(shortForm.status()).isEqualTo(200);
        assertThat(fullForm.status()).isEqualTo(200);
        assertRefused(otherType);
    }

    @Test
    void acceptsPartnerIdpTokensThatASecondJoseImplementationSignedWithEachAllowedAlgorithm() throws Exception {
        // given a partner IdP built on jose4j, not on the Nimbus library the hub verifies with: an RSA key and EC keys
        // on P-256 and P-384, published as jose4j writes a JWK Set
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("idp-rsa");
        EllipticCurveJsonWebKey p256 = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        p256.setKeyId("idp-p256");
        EllipticCurveJsonWebKey p384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        p384.setKeyId("idp-p384");
        Idp idp = trustedIdp(new JsonWebKeySet(rsa, p256, p384).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        Map<String, PublicJsonWebKey> keyByAlgorithm = Map.of(
                AlgorithmIdentifiers.RSA_USING_SHA256, rsa,
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256, rsa,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, p256,
                AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, p384);

        for (Map.Entry<String, PublicJsonWebKey> signing : keyByAlgorithm.entrySet()) {
            // when it signs an access token with each algorithm the hub allows by default
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(idp.issuer());
            claims.setAudience("barberpro-idp-audience");
            claims.setSubject("partner-system");
            claims.setExpirationTime(NumericDate.fromMilliseconds(clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli()));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(signing.getKey());
            jws.setKeyIdHeaderValue(signing.getValue().getKeyId());
            jws.setHeader("typ", "at+jwt");
            jws.setKey(signing.getValue().getPrivateKey());
            Response response = call(jws.getCompactSerialization());

            // then the edge accepts it as that partner's
            assertThat(response.status()).as(signing.getKey()).isEqualTo(200);
        }
        UPSTREAM.verify(keyByAlgorithm.size(), getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(idp.partner().id().toString())));
    }

    @Test
    void refusesATokenWhoseJwkKeyOpsDoNotIncludeVerify() throws Exception {
        // RFC 7517 §4.3: key_ops names what the key is for; a key published for encryption never verifies
        RSAKey idpKey = new RSAKeyGenerator(2048).keyID("idp-enc").generate();
        Idp idp = trustedIdp(new RSAKey.Builder(idpKey.toPublicJWK())
                .keyOperations(Set.of(KeyOperation.ENCRYPT, KeyOperation.WRAP_KEY)).build());

        Response response = call(sign(idp.claims(clock.instant()).build(), new RSASSASigner(idpKey),
                JWSAlgorithm.RS256, "idp-enc"));

        assertRefused(response);
    }

    @Test
    void picksThePartnerIdpKeyThatFitsTheTokensAlgorithmWhenSeveralShareItsKidOrItNamesNone() throws Exception {
        // given: RFC 7517 §4.5 lets keys of different types share a kid, and IdPs publish encryption keys beside
        // signing keys; the EC key and the encryption key come first, so a kid-only or single-key lookup missed
        ECKey sameKidOtherType = new ECKeyGenerator(Curve.P_256).keyID("shared").generate();
        RSAKey signing = new RSAKeyGenerator(2048).keyID("shared").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc-1").keyUse(KeyUse.ENCRYPTION).generate();
        Idp idp = trustedIdp(sameKidOtherType.toPublicJWK(), encryption.toPublicJWK(), signing.toPublicJWK());
        JWTClaimsSet claims = idp.claims(clock.instant()).build();

        // when
        Response namingTheSharedKid = call(sign(claims, new RSASSASigner(signing), JWSAlgorithm.RS256, "shared"));
        Response namingNoKid = call(sign(claims, new RSASSASigner(signing), JWSAlgorithm.RS256, null));
        RSAKey secondSigning = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        Idp twoSigningKeys = trustedIdp(signing.toPublicJWK(), secondSigning.toPublicJWK());
        Response noKidTwoFit = call(sign(twoSigningKeys.claims(clock.instant()).build(), new RSASSASigner(signing),
                JWSAlgorithm.RS256, null));

        // then: without a kid a token is verified only when exactly one published key fits it
        assertThat(namingTheSharedKid.status()).isEqualTo(200);
        assertThat(namingNoKid.status()).isEqualTo(200);
        assertRefused(noKidTwoFit);
    }

    @Test
    void refusesAnUnknownKid() throws Exception {
        Client client = client();

        assertRefused(call(sign(claims(client).build(), new ECDSASigner(hubKeys.signingKey()), JWSAlgorithm.ES256,
                "no-such-kid")));
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        Client client = client();
        String[] parts = hubToken(claims(client).build()).split("\\.");
        String forged = Base64URL.encode(claims(client).claim("scope", "admin").build().toString()).toString();

        assertRefused(call(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void refusesATokenOfARevokedClient() throws Exception {
        Client client = client();
        registry.oauthClient(client.partner(), client.clientId(), Status.REVOKED);

        assertRefused(call(hubToken(claims(client).build())));
    }

    @Test
    void doesNotCallAValidTokenInvalidWhenAnotherPresentedCredentialIsRefused() throws Exception {
        // RFC 6750 §3.1: invalid_token tells the client to get a new token, which would not help here
        Client client = client();
        String token = hubToken(claims(client).build());

        Response response = https().get("/api/v1/providers", h -> {
            h.set("Authorization", "Bearer " + token);
            h.set("X-API-Key", "bp_test_doesnotexist");
        });

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"barberpro\", ApiKey realm=\"barberpro\"");
    }

    @Test
    void acceptsACertificateBoundTokenOnlyWithItsCertificate() throws Exception {
        Client client = client();
        TestPki.Issued certificate = pki.client("bound");
        registry.certificate(client.partner(), certificate.certificate(), Status.VALID, java.util.Set.of());
        String thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                .digest(certificate.certificate().getEncoded())).toString();
        String token = hubToken(claims(client).claim("cnf", Map.of("x5t#S256", thumbprint)).build());
        TestPki.Issued otherCertificate = pki.client("other");
        registry.certificate(client.partner(), otherCertificate.certificate(), Status.VALID, java.util.Set.of());

        Response withoutCertificate = call(token);
        Response withOtherCertificate = https(otherCertificate).get("/api/v1/providers",
                h -> h.set("Authorization", "Bearer " + token));
        Response withCertificate = https(certificate).get("/api/v1/providers",
                h -> h.set("Authorization", "Bearer " + token));

        assertRefused(withoutCertificate);
        assertThat(withOtherCertificate.status()).isEqualTo(401);
        assertThat(withCertificate.status()).isEqualTo(200);
    }

    @Test
    void mapsTokenScopesToRouteRequirements() throws Exception {
        Client client = client();
        String bookingsOnly = hubToken(claims(client).claim("scope", "bookings:read").build());
        String reports = hubToken(claims(client).claim("scope", "reports:read").build());

        Response refused = https().get("/api/reports/weekly", h -> h.set("Authorization", "Bearer " + bookingsOnly));
        Response allowed = https().get("/api/reports/weekly", h -> h.set("Authorization", "Bearer " + reports));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"barberpro\", error=\"insufficient_scope\", scope=\"reports:read\"");
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void acceptsTokensOfAPartnersOwnIdpAndRefreshesItsKeysOnlyAtTheAllowedRate() throws Exception {
        RSAKey idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        String issuer = "https://idp-" + UUID.randomUUID() + ".partner.test";
        String jwksPath = "/idp/" + UUID.randomUUID() + "/jwks.json";
        UPSTREAM.stubFor(WireMock.get(urlEqualTo(jwksPath))
                .willReturn(WireMock.okJson(new JWKSet(idpKey.toPublicJWK()).toString())));
        PartnerSnapshot partner = registry.partner("idp", InMemoryCredentialLookup.STANDARD, AuthPolicy.ANY,
                new TrustedIdp(issuer, URI.create(UPSTREAM.baseUrl() + jwksPath), "barberpro-idp-audience"));
        UnaryOperator<JWTClaimsSet.Builder> idpClaims = b -> b.issuer(issuer).audience("barberpro-idp-audience")
                .subject("partner-system").expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(5))));

        Response accepted = call(sign(idpClaims.apply(new JWTClaimsSet.Builder()).build(), new RSASSASigner(idpKey),
                JWSAlgorithm.RS256, "idp-1"));
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("idp-2").generate();
        String unknownKidToken = sign(idpClaims.apply(new JWTClaimsSet.Builder()).build(), new RSASSASigner(rotated),
                JWSAlgorithm.RS256, "idp-2");
        clock.advance(Duration.ofMinutes(1));
        Response firstUnknown = call(unknownKidToken);
        Response secondUnknown = call(unknownKidToken);

        assertThat(accepted.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
        assertThat(firstUnknown.status()).isEqualTo(401);
        assertThat(secondUnknown.status()).isEqualTo(401);
        // first fetch + one refresh for the unknown kid; the second miss within 30 s fetches nothing
        UPSTREAM.verify(2, getRequestedFor(urlEqualTo(jwksPath)));

        UPSTREAM.stubFor(WireMock.get(urlEqualTo(jwksPath)).willReturn(WireMock.okJson(
                new JWKSet(java.util.List.of(idpKey.toPublicJWK(), rotated.toPublicJWK())).toString())));
        clock.advance(Duration.ofSeconds(31));
        assertThat(call(unknownKidToken).status()).isEqualTo(200);
    }
}
