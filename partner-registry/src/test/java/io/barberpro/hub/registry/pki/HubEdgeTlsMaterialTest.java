package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubEdgeTlsMaterialTest {

    @Test
    void namesAreInConventionalOrder() throws Exception {
        X500Name name = HubCertificateAuthority.x500Name("CN=BarberPro Partner Hub CA,O=BarberPro");

        assertThat(name.getRDNs()[0].getFirst().getValue().toString()).isEqualTo("BarberPro");
        assertThat(new javax.security.auth.x500.X500Principal(name.getEncoded()).getName())
                .isEqualTo("CN=BarberPro Partner Hub CA,O=BarberPro");
    }

    @Test
    void takesTheServerIdentityFromAConfiguredKeystoreAndStillAdvertisesTheHubCa(@TempDir Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        HubCertificateAuthority hubCa = HubCertificateAuthority.generate(new X500Name("CN=Hub CA"), Instant.now(),
                Duration.ofDays(30), random);
        HubCertificateAuthority corporateCa = HubCertificateAuthority.generate(new X500Name("CN=Corporate CA"),
                Instant.now(), Duration.ofDays(30), random);
        KeyPair keyPair = HubCertificateAuthority.generateEcKeyPair(random);
        X509Certificate leaf = corporateCa.issueServerCertificate(List.of("hub.example.com"),
                SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()), Instant.now(), Duration.ofDays(10));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("edge", keyPair.getPrivate(), "secret".toCharArray(),
                new Certificate[] {leaf, corporateCa.certificate()});
        Path file = dir.resolve("edge.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }

        HubEdgeTlsMaterial material = HubEdgeTlsMaterial.fromKeystore(file, "secret", hubCa);

        assertThat(material.serverCertificateChain()).containsExactly(leaf, corporateCa.certificate());
        assertThat(material.serverKey().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
        assertThat(material.advertisedClientCertificateAuthorities()).containsExactly(hubCa.certificate());
    }
}
