package io.barberpro.hub.registry.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.IssuedCertificate;
import io.barberpro.hub.registry.pki.Pem;
import io.barberpro.hub.registry.pki.PkiIntegrationTest;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.netty.http.client.HttpClient;

class TokenEndpointIntegrationTest extends PkiIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    EdgeListeners edge;

    @Autowired
    OAuthClientService clients;

    @Autowired
    ClientCertificateService certificates;

    @Autowired
    TokenSigningKeys signingKeys;

    @Autowired
    OAuthProperties properties;

    @LocalServerPort
    int adminPort;

    @Test
    void issuesATokenThatVerifiesAgainstTheJwks() throws Exception {
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("bookings:read", "bookings:write"));

        WebTestClient.ResponseSpec response = tokenRequest(https(null), basic(client), "grant_type=client_credentials&scope=bookings:read");

        Map<String, Object> body = response.expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectHeader().valueEquals(HttpHeaders.PRAGMA, "no-cache")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JSON).returnResult().getResponseBody();
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900)
                .containsEntry("scope", "bookings:read");
        String token = (String) body.get("access_token");
        JWTClaimsSet claims = verify(token);
        assertThat(claims.getIssuer()).isEqualTo(properties.issuer());
        assertThat(claims.getAudience()).containsExactly(properties.audience());
        assertThat(claims.getSubject()).isEqualTo(client.clientId());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(client.clientId());
        assertThat(claims.getStringClaim("scope")).isEqualTo("bookings:read");
        assertThat(claims.getStringClaim("partner_id")).isEqualTo(partner.toString());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime()).isEqualTo(claims.getNotBeforeTime());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getClaim("cnf")).isNull();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(signingKeys.activeKey().getKeyID());
    }

    @Test
    void issuesATokenThatASecondJoseImplementationVerifiesWithTheJwksItFetches() throws Exception {
        // given a resource server built on jose4j, not on the Nimbus library the hub signs with, that fetches the
        // JWKS from the edge as any resource server would, allows only the algorithm the hub publishes, and requires
        // the RFC 9068 access-token type and claims
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("bookings:read", "bookings:write"));
        JwtConsumer resourceServer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                        new HttpsJwks("http://127.0.0.1:" + edge.httpPort() + "/.well-known/jwks.json")))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedType(true, "at+jwt")
                .setExpectedIssuer(properties.issuer())
                .setExpectedAudience(properties.audience())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();

        // when the client gets a token for one of its scopes
        String token = (String) tokenRequest(http(), basic(client), "grant_type=client_credentials&scope=bookings:write")
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("access_token");

        // then jose4j accepts its signature, type and claims
        JwtClaims claims = resourceServer.processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo(client.clientId());
        assertThat(claims.getStringClaimValue("client_id")).isEqualTo(client.clientId());
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("bookings:write");
        assertThat(claims.getStringClaimValue("partner_id")).isEqualTo(partner.toString());
        // and refuses the same token with its scope widened in the payload: the acceptance above is the signature's
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"bookings:write\"", "\"bookings:read bookings:write\"").getBytes(StandardCharsets.UTF_8));
        assertThat(widened).isNotEqualTo(parts[1]);
        assertThatThrownBy(() -> resourceServer.processToClaims(parts[0] + "." + widened + "." + parts[2]))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void grantsAllOfTheClientsScopesWhenNoneAreRequested() {
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("b", "a"));

        Map<String, Object> body = tokenRequest(http(), basic(client), "grant_type=client_credentials")
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("scope", "a b");
    }

    @Test
    void leavesScopeOutOfTheResponseAndTheTokenWhenTheClientHasNone() throws Exception {
        // RFC 6749 §3.3: a scope is one or more scope-tokens, so "" is not a scope
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of());

        Map<String, Object> body = tokenRequest(http(), basic(client), "grant_type=client_credentials")
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).doesNotContainKey("scope").containsEntry("token_type", "Bearer");
        assertThat(SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet().getClaims())
                .doesNotContainKey("scope");
    }

    @Test
    void treatsParametersSentWithoutAValueAsOmitted() {
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted from the request"
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("a"));

        Map<String, Object> body = tokenRequest(http(), basic(client),
                "grant_type=client_credentials&client_id=&client_secret=&scope=")
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("scope", "a");
    }

    @Test
    void refusesAWrongSecretWithInvalidClient() {
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("a"));
        String wrong = basic(client.clientId(), client.clientSecret() + "x");

        tokenRequest(https(null), wrong, "grant_type=client_credentials")
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"barberpro-hub\"")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void refusesUnknownRevokedAndSuspendedClientsAlike() {
        UUID partner = insertActivePartner();
        CreatedOAuthClient revoked = clients.create(partner, Set.of("a"));
        clients.revoke(partner, revoked.clientId());
        UUID suspendedPartner = insertPartner("SUSPENDED");
        CreatedOAuthClient suspended = clients.create(suspendedPartner, Set.of("a"));

        for (String authorization : new String[] {basic("hub_unknown-client", "hcs_whatever"), basic(revoked),
                basic(suspended), "Bearer abc", "Basic !!!"}) {
            tokenRequest(http(), authorization, "grant_type=client_credentials")
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        }
    }

    @Test
    void answersRfc6749ErrorsForBadRequests() {
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("a"));

        tokenRequest(http(), basic(client), "grant_type=password&username=x&password=y")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("unsupported_grant_type");
        tokenRequest(http(), basic(client), "scope=a")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        tokenRequest(http(), basic(client), "grant_type=client_credentials&grant_type=client_credentials")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        tokenRequest(http(), basic(client), "grant_type=client_credentials&scope=a%20admin")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_scope");
        http().post().uri("/oauth2/token").header(HttpHeaders.AUTHORIZATION, basic(client))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"grant_type\":\"client_credentials\"}")
                .exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        tokenRequest(http(), null, "grant_type=client_credentials&client_id=" + client.clientId()
                + "&client_secret=" + client.clientSecret())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void issuesACertificateBoundTokenToAnMtlsClient() throws Exception {
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("bookings:read"));
        IssuedCertificate certificate = certificates.issueWithGeneratedKey(partner);

        Map<String, Object> body = tokenRequest(https(certificate), null,
                "grant_type=client_credentials&client_id=" + client.clientId())
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        JWTClaimsSet claims = verify((String) body.get("access_token"));
        X509Certificate leaf = Pem.parseCertificate(certificate.certificateChainPem());
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        assertThat(claims.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", expected);
        assertThat(claims.getSubject()).isEqualTo(client.clientId());
    }

    @Test
    void refusesARevokedCertificate() {
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("a"));
        IssuedCertificate certificate = certificates.issueWithGeneratedKey(partner);
        certificates.revoke(partner, certificate.id(), "key compromised");

        tokenRequest(https(certificate), null, "grant_type=client_credentials&client_id=" + client.clientId())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void refusesAnotherPartnersCertificateAndAMissingOne() {
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("a"));
        IssuedCertificate othersCertificate = certificates.issueWithGeneratedKey(insertActivePartner());

        tokenRequest(https(othersCertificate), null, "grant_type=client_credentials&client_id=" + client.clientId())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        tokenRequest(https(null), null, "grant_type=client_credentials&client_id=" + client.clientId())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void refusesAnExpiredCertificate() {
        UUID partner = insertActivePartner();
        CreatedOAuthClient client = clients.create(partner, Set.of("a"));
        IssuedCertificate certificate = certificates.issueWithGeneratedKey(partner);
        clock.advance(Duration.ofDays(366));

        tokenRequest(https(certificate), null, "grant_type=client_credentials&client_id=" + client.clientId())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void publishesOnlyPublicKeysAsAJwkSet() throws Exception {
        String jwks = http().get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/jwk-set+json")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, v -> assertThat(v).contains("max-age=60"))
                .expectBody(String.class).returnResult().getResponseBody();

        JWKSet set = JWKSet.parse(jwks);
        assertThat(set.getKeys()).isNotEmpty().noneMatch(k -> k.isPrivate());
        assertThat(set.getKeyByKeyId(signingKeys.activeKey().getKeyID())).isNotNull();
        assertThat(jwks).doesNotContain("\"d\"");
    }

    @Test
    void keepsTheTokenEndpointOffTheAdminListener() {
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + adminPort).build();

        admin.get().uri("/.well-known/jwks.json").exchange().expectStatus().isNotFound();
        admin.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials").exchange().expectStatus().isNotFound();
    }

    @Test
    void oldKeyStillVerifiesDuringTheOverlapAndNewTokensUseTheNewKey() throws Exception {
        CreatedOAuthClient client = clients.create(insertActivePartner(), Set.of("a"));
        String before = accessToken(client);
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        String newKid = signingKeys.rotate();
        String after = accessToken(client);

        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(verify(before).getSubject()).isEqualTo(client.clientId());
        assertThat(verify(after).getSubject()).isEqualTo(client.clientId());
        assertThat(signingKeys.publicKeys().getKeyByKeyId(oldKid)).isNotNull();

        clock.advance(properties.effectiveKeyOverlap().plusSeconds(1));
        assertThat(signingKeys.publicKeys().getKeyByKeyId(oldKid)).isNull();
        assertThat(signingKeys.publicKeys().getKeyByKeyId(newKid)).isNotNull();
        assertThatThrownBy(() -> verify(before)).as("after the overlap the JWKS no longer has the old key")
                .isInstanceOf(BadJOSEException.class);
    }

    private String accessToken(CreatedOAuthClient client) {
        return (String) tokenRequest(http(), basic(client), "grant_type=client_credentials")
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("access_token");
    }

    /** A standard JOSE stack as a resource server would use it, fetching the JWKS over HTTP from the edge. */
    private JWTClaimsSet verify(String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                JWKSourceBuilder.create(new URL("http://127.0.0.1:" + edge.httpPort() + "/.well-known/jwks.json"))
                        .retrying(false).build()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(properties.audience(),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id", "partner_id", "scope")));
        return processor.process(token, null);
    }

    private WebTestClient.ResponseSpec tokenRequest(WebTestClient client, String authorization, String form) {
        WebTestClient.RequestBodySpec request = client.post().uri("/oauth2/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.body(BodyInserters.fromValue(form)).exchange();
    }

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + edge.httpPort()).build();
    }

    /** HTTPS to the edge, trusting only the hub CA, presenting the certificate when given. */
    private WebTestClient https(IssuedCertificate certificate) {
        try {
            X509Certificate ca = Pem.parseCertificate(certificates.caCertificatePem());
            SslContextBuilder builder = SslContextBuilder.forClient().trustManager(ca);
            if (certificate != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                char[] password = certificate.pkcs12Password().toCharArray();
                store.load(new ByteArrayInputStream(Base64.getDecoder().decode(certificate.pkcs12Base64())), password);
                X509Certificate[] chain = Arrays.stream(store.getCertificateChain("client"))
                        .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
                builder.keyManager((PrivateKey) store.getKey("client", password), chain);
            }
            SslContext ssl = builder.build();
            HttpClient client = HttpClient.create().secure(spec -> spec.sslContext(ssl));
            return WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                    .baseUrl("https://localhost:" + edge.httpsPort()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(CreatedOAuthClient client) {
        return basic(client.clientId(), client.clientSecret());
    }

    private static String basic(String id, String secret) {
        String joined = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }
}
