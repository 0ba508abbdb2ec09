package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgeListenersTlsTest {

    private final SelfSignedCertificate certificate = selfSigned();
    private final EdgeTlsMaterial material = new FixedEdgeTlsMaterial(certificate.key(), List.of(certificate.cert()),
            List.of(certificate.cert()));

    @AfterEach
    void deleteCertificateFiles() {
        certificate.delete();
    }

    @Test
    void theEdgeTerminatesTlsWithOpenSslWhenItsNativeLibraryLoads() {
        // given: hub-core ships netty-tcnative, so OpenSSL must load on the platforms we build and run on
        assertThat(OpenSsl.isAvailable()).as("OpenSSL unavailable: %s", OpenSsl.unavailabilityCause()).isTrue();

        // when
        SslContext context = EdgeListeners.sslContext(material, material.advertisedClientCertificateAuthorities(), true);

        // then
        assertThat(context).isInstanceOf(OpenSslContext.class);
        assertThat(context.isServer()).isTrue();
    }

    @Test
    void tls12SuitesAreEcdheWithAeadOnly() {
        // given: an edge TLS context
        SslContext context = EdgeListeners.sslContext(material, material.advertisedClientCertificateAuthorities(), true);

        // when
        List<String> tls12 = context.cipherSuites().stream().filter(suite -> suite.contains("_WITH_")).toList();

        // then
        assertThat(tls12).isNotEmpty().allSatisfy(suite -> assertThat(suite)
                .startsWith("TLS_ECDHE_")
                .matches(".*_(GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"));
    }

    @Test
    void alpnOffersH2BeforeHttp11UnlessHttp2IsSwitchedOff() {
        // given/when: edge TLS contexts with HTTP/2 on and off
        @SuppressWarnings("deprecation")
        List<String> on = EdgeListeners.sslContext(material, material.advertisedClientCertificateAuthorities(), true).applicationProtocolNegotiator().protocols();
        @SuppressWarnings("deprecation")
        List<String> off = EdgeListeners.sslContext(material, material.advertisedClientCertificateAuthorities(), false).applicationProtocolNegotiator().protocols();

        // then
        assertThat(on).containsExactly("h2", "http/1.1");
        assertThat(off).isEmpty();
    }

    private static SelfSignedCertificate selfSigned() {
        try {
            return new SelfSignedCertificate("localhost", "EC", 256);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
