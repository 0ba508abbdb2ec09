package io.barberpro.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.barberpro.hub.core.listener.EdgeListeners;
import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.gateway.support.BlockHoundSupport;
import io.barberpro.hub.gateway.support.EdgeClient;
import io.barberpro.hub.gateway.support.EdgeClient.Response;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.apikey.CreatedApiKey;
import io.barberpro.hub.registry.oauth.CreatedOAuthClient;
import io.barberpro.hub.registry.oauth.OAuthClientService;
import io.barberpro.hub.registry.partner.Partner;
import io.barberpro.hub.registry.pki.ClientCertificateService;
import io.barberpro.hub.registry.pki.IssuedCertificate;
import io.barberpro.hub.registry.pki.NewClientCaRequest;
import io.barberpro.hub.registry.pki.PartnerClientCaService;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import io.barberpro.hub.registry.testing.RegistryTestConfiguration;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end with the real partner registry (PostgreSQL schema {@code gateway_it}): partners and
 * credentials made through the registry's own services, its edge TLS material from the hub CA, its
 * token endpoint on the edge, and its in-memory credential index answering the gateway.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "hub.roles=gateway,registry",
                "spring.autoconfigure.exclude=",
                "hub.test.fresh-schema=true",
                "spring.flyway.clean-disabled=false",
                "hub.admin.token=test-admin-token-gateway-it-0123456789abcdef",
                "hub.registry.refresh-interval=200ms",
                "hub.pki.master-key=El01GmgpENimnZ8EYZb+TMKes78f445OPFwTpkBejjg=",
        })
@Import(RegistryTestConfiguration.class)
class RealRegistryIntegrationTest {

    private static final WireMockServer UPSTREAM = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        BlockHoundSupport.install();
        UPSTREAM.start();
    }

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("hub.test.upstream", UPSTREAM::baseUrl);
    }

    @Autowired
    EdgeListeners edge;
    @Autowired
    EdgeTlsMaterial tls;
    @Autowired
    RegistryFixtures fixtures;
    @Autowired
    OAuthClientService oauthClients;
    @Autowired
    ClientCertificateService certificates;
    @Autowired
    PartnerClientCaService clientCas;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void stubUpstream() {
        UPSTREAM.resetAll();
        UPSTREAM.stubFor(WireMock.any(WireMock.urlPathMatching("/api/.*")).willReturn(WireMock.okJson("{}")));
        BlockHoundSupport.drain();
    }

    @AfterEach
    void noBlockingCalls() {
        assertThat(BlockHoundSupport.drain()).as("blocking calls on non-blocking threads").isEmpty();
    }

    private X509Certificate hubCa() {
        List<X509Certificate> chain = tls.serverCertificateChain();
        return chain.get(chain.size() - 1);
    }

    private EdgeClient https() {
        return EdgeClient.https(edge.httpsPort(), hubCa(), null);
    }

    @Test
    void registryApiKeyPassesAndSuspensionAndRevocationTakeEffect() {
        Partner partner = fixtures.activePartner("peluqueria");
        CreatedApiKey key = fixtures.apiKey(partner.id());

        Response admitted = https().get("/api/v1/providers", h -> h.set("X-API-Key", key.key()));
        fixtures.suspend(partner.id());
        Response suspended = https().get("/api/v1/providers", h -> h.set("X-API-Key", key.key()));
        fixtures.reactivate(partner.id());
        fixtures.revokeApiKey(partner.id(), key.id());
        Response revoked = https().get("/api/v1/providers", h -> h.set("X-API-Key", key.key()));

        assertThat(admitted.status()).isEqualTo(200);
        assertThat(admitted.headers().get("RateLimit-Policy")).isEqualTo("\"hourly\";q=50000;w=3600");
        UPSTREAM.verify(1, getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString()))
                .withHeader("X-API-Key", absent()));
        assertThat(suspended.status()).isEqualTo(403);
        assertThat(revoked.status()).isEqualTo(401);
    }

    @Test
    void tokenEndpointAndJwksAreServedByTheRegistryWithoutTheGatewayChain() {
        Response token = https().send(HttpMethod.POST, "/oauth2/token",
                h -> h.set("Content-Type", "application/x-www-form-urlencoded"),
                EdgeClient.chunks("grant_type=client_credentials"));
        Response jwks = https().get("/.well-known/jwks.json", h -> { });

        // the registry's own OAuth error (Basic challenge), not the gateway's Bearer/ApiKey challenge
        assertThat(token.status()).isEqualTo(401);
        assertThat(token.headers().get("WWW-Authenticate")).startsWith("Basic");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"keys\"");
    }

    /**
     * The registry indexes OAuth clients and certificates through registry-pki's credential sources;
     * until those are merged the lookup knows neither, so these two tests switch themselves on then.
     */
    static boolean registryIndexesOAuthClients() {
        return present("io.barberpro.hub.registry.oauth.JdbcOAuthCredentialSource");
    }

    static boolean registryIndexesCertificates() {
        return present("io.barberpro.hub.registry.pki.JdbcClientCertificateCredentialSource");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    @EnabledIf("registryIndexesOAuthClients")
    void tokenFromTheRegistrysEdgeEndpointIsAcceptedByTheGateway() throws Exception {
        Partner partner = fixtures.activePartner("oauth");
        CreatedOAuthClient client = oauthClients.create(partner.id(), Set.of("bookings:read"));
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret())
                .getBytes(StandardCharsets.UTF_8));

        Response token = https().send(HttpMethod.POST, "/oauth2/token", h -> h.set("Authorization", "Basic " + basic)
                .set("Content-Type", "application/x-www-form-urlencoded"), EdgeClient.chunks("grant_type=client_credentials"));
        Response jwks = https().get("/.well-known/jwks.json", h -> { });
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(jwks.status()).isEqualTo(200);
        String accessToken = json.readTree(token.body()).path("access_token").asText();

        Response response = https().get("/api/v1/bookings", h -> h.set("Authorization", "Bearer " + accessToken));

        assertThat(response.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/bookings"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString()))
                .withHeader("Authorization", absent()));
    }

    @Test
    @EnabledIf("registryIndexesCertificates")
    void hubIssuedClientCertificateAuthenticatesAndItsRevocationIsHonoured() throws Exception {
        Partner partner = fixtures.activePartner("cert");
        IssuedCertificate issued = certificates.issueWithGeneratedKey(partner.id());
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(new ByteArrayInputStream(Base64.getDecoder().decode(issued.pkcs12Base64())),
                issued.pkcs12Password().toCharArray());
        String alias = pkcs12.aliases().nextElement();
        PrivateKey key = (PrivateKey) pkcs12.getKey(alias, issued.pkcs12Password().toCharArray());
        Certificate[] chain = pkcs12.getCertificateChain(alias);
        X509Certificate[] x509 = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        EdgeClient withCertificate = EdgeClient.https(edge.httpsPort(), hubCa(), key, x509);

        Response admitted = withCertificate.get("/api/v1/providers", h -> { });
        certificates.revoke(partner.id(), issued.id(), "test");
        awaitStatus(() -> withCertificate, 401);

        assertThat(admitted.status()).isEqualTo(200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
    }

    @Test
    void aLeafOfACaThePartnerRegisteredIsOfferedByAJavaClientAndAuthenticates() throws Exception {
        // given: Java's TLS client offers its certificate only for a CA the edge names in its certificate request
        Partner partner = fixtures.activePartner("own-ca");
        TestPki partnerCa = new TestPki("Acme Devices");
        TestPki.Issued device = partnerCa.client("device-1");
        // a client of its own for each try: the edge names CAs when a connection starts
        Supplier<EdgeClient> newConnection = () -> EdgeClient.https(edge.httpsPort(), hubCa(),
                device.keys().getPrivate(), device.certificate());
        Response beforeRegistration = newConnection.get().get("/api/v1/providers", h -> { });

        // when: the partner registers its CA through the registry
        clientCas.register(partner.id(), new NewClientCaRequest(pem(partnerCa.ca().certificate())));

        // then: once the node's index has it (the registry's next refresh), the edge names it and the leaf is
        // offered and accepted as the partner
        assertThat(beforeRegistration.status()).isEqualTo(401);
        awaitStatus(newConnection, 200);
        UPSTREAM.verify(getRequestedFor(urlEqualTo("/api/v1/providers"))
                .withHeader("X-Partner-Id", equalTo(partner.id().toString())));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Registry changes reach the index on the registry's next refresh (200 ms here). */
    private static void awaitStatus(Supplier<EdgeClient> client, int status) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = client.get().get("/api/v1/providers", h -> { });
            if (last.status() == status) {
                return;
            }
            reactor.core.publisher.Mono.delay(java.time.Duration.ofMillis(50)).block();
        }
        throw new AssertionError("expected " + status + " but was still " + (last == null ? null : last.status()));
    }
}
