package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

class AdvertisingTlsContextsTest {

    private static final KeyPair KEYS = keyPair();

    private final X509Certificate hubCa = ca("CN=BarberPro Partner Hub CA,O=BarberPro");
    private final AtomicReference<List<X509Certificate>> registered = new AtomicReference<>(List.of());
    private EdgeListeners edge;

    @AfterEach
    void stopEdge() {
        if (edge != null) {
            edge.stop();
        }
    }

    @Test
    void theHubsCasComeFirstThenTheRegisteredOnesEachNameOnce() {
        // given: two partners registered CAs of one name, and one registered the hub CA itself
        X509Certificate acme = ca("CN=Acme Devices CA,O=Acme");
        X509Certificate otherAcme = ca("CN=Acme Devices CA,O=Acme");
        X509Certificate globex = ca("CN=Globex Issuing CA,O=Globex");

        // when
        List<X509Certificate> advertised = AdvertisingTlsContexts.advertised(List.of(hubCa),
                List.of(acme, hubCa, otherAcme, globex));

        // then
        assertThat(advertised).extracting(X509Certificate::getSubjectX500Principal).containsExactly(
                new X500Principal("CN=BarberPro Partner Hub CA,O=BarberPro"), new X500Principal("CN=Acme Devices CA,O=Acme"),
                new X500Principal("CN=Globex Issuing CA,O=Globex"));
    }

    @Test
    void theNamesStopWhereTlsLimitsTheCertificateRequestsList() {
        // given: more registered CAs than 64 KB of names hold
        List<X509Certificate> many = IntStream.range(0, 800)
                .mapToObj(i -> ca("CN=Partner issuing CA number %04d of a long line of them,O=Partner Organisation %04d,C=AR"
                        .formatted(i, i)))
                .toList();

        // when
        List<X509Certificate> advertised = AdvertisingTlsContexts.advertised(List.of(hubCa), many);

        // then: the hub CA and as many as fit, two length bytes per name
        int bytes = advertised.stream().mapToInt(ca -> 2 + ca.getSubjectX500Principal().getEncoded().length).sum();
        int next = 2 + many.get(advertised.size() - 1).getSubjectX500Principal().getEncoded().length;
        assertThat(advertised.get(0)).isEqualTo(hubCa);
        assertThat(advertised).hasSizeLessThan(801);
        assertThat(bytes).isLessThanOrEqualTo(AdvertisingTlsContexts.MAX_NAMES_BYTES)
                .isGreaterThan(AdvertisingTlsContexts.MAX_NAMES_BYTES - next);
    }

    @Test
    void aNewConnectionIsAskedForACaOnceAPartnerRegisteredIt() throws Exception {
        // given: the edge, with no partner CA registered yet
        startEdge();
        List<Principal> before = namesInCertificateRequest();

        // when: a partner registers its CA
        registered.set(List.of(ca("CN=Acme Devices CA,O=Acme")));
        List<Principal> after = namesInCertificateRequest();

        // then
        assertThat(before).containsExactly(new X500Principal("CN=BarberPro Partner Hub CA,O=BarberPro"));
        assertThat(after).containsExactly(new X500Principal("CN=BarberPro Partner Hub CA,O=BarberPro"),
                new X500Principal("CN=Acme Devices CA,O=Acme"));
    }

    @Test
    void partnersCasAreNotNamedWhenTheEdgeIsSetNotToAdvertiseThem() throws Exception {
        // given: an edge set to name only the hub's CAs
        startEdge(false);

        // when: a partner registers its CA
        registered.set(List.of(ca("CN=Acme Devices CA,O=Acme")));

        // then
        assertThat(namesInCertificateRequest())
                .containsExactly(new X500Principal("CN=BarberPro Partner Hub CA,O=BarberPro"));
    }

    private void startEdge() {
        startEdge(true);
    }

    private void startEdge(boolean advertisePartnerCas) {
        X509Certificate server = issued("CN=localhost", hubCa);
        EdgeTlsMaterial material = new FixedEdgeTlsMaterial(KEYS.getPrivate(), List.of(server, hubCa), List.of(hubCa));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("tls", material);
        beans.addBean("registered", (RegisteredClientCas) registered::get);
        edge = new EdgeListeners(
                new ListenerProperties(
                        new ListenerProperties.Edge("127.0.0.1", 0, -1, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8), Duration.ofSeconds(60),
                                Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, advertisePartnerCas, Duration.ofSeconds(20)), 0,
                        List.of("/admin/"),
                        new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                WebHttpHandlerBuilder.webHandler(exchange -> Mono.empty())::build,
                beans.getBeanProvider(EdgeTlsMaterial.class), beans.getBeanProvider(RegisteredClientCas.class),
                beans.getBeanProvider(ListenerRefusalLog.class), Clock.systemUTC());
        edge.start();
    }

    /** A handshake by Java's own TLS client, whose key manager hears the names the edge asked for. */
    private List<Principal> namesInCertificateRequest() throws Exception {
        List<Principal> asked = new ArrayList<>();
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new X509ExtendedKeyManager[] {new NoCertificate(asked)}, new TrustManager[] {new TrustingHubCa(hubCa)},
                null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", edge.httpsPort())) {
            socket.startHandshake();
        }
        return asked;
    }

    /** Records the CAs the server names and offers no certificate. */
    private static final class NoCertificate extends X509ExtendedKeyManager {

        private final List<Principal> asked;

        NoCertificate(List<Principal> asked) {
            this.asked = asked;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            asked.addAll(List.of(issuers));
            return null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            asked.addAll(List.of(issuers));
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }

    private record TrustingHubCa(X509Certificate hubCa) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            if (!chain[chain.length - 1].equals(hubCa)) {
                throw new java.security.cert.CertificateException("not the hub CA's chain");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {hubCa};
        }
    }

    private static X509Certificate ca(String subject) {
        return certificate(subject, subject, true);
    }

    private static X509Certificate issued(String subject, X509Certificate issuer) {
        return certificate(subject, issuer.getSubjectX500Principal().getName(), false);
    }

    /** Every certificate here shares one key: only names matter to the certificate request. */
    private static X509Certificate certificate(String subject, String issuer, boolean ca) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name(issuer),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name(subject), KEYS.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As the JDK reads the name (RFC 2253: the last RDN first), so names compare equal to X500Principals. */
    private static X500Name name(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
