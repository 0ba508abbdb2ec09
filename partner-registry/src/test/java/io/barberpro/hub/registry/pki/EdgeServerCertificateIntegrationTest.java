package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class EdgeServerCertificateIntegrationTest extends PkiIntegrationTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @Autowired
    EdgeTlsMaterial edgeTls;

    @Autowired
    HubCertificateAuthority ca;

    @Test
    void presentsALocalhostServerCertificateIssuedByTheHubCa() throws Exception {
        List<X509Certificate> chain = edgeTls.serverCertificateChain();
        X509Certificate leaf = chain.get(0);

        leaf.verify(ca.certificate().getPublicKey());
        assertThat(chain).hasSize(2).last().isEqualTo(ca.certificate());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactly("localhost", "127.0.0.1");
        assertThat(edgeTls.advertisedClientCertificateAuthorities()).containsExactly(ca.certificate());
    }

    @Test
    void acceptsDnsNamesAndIpLiteralsAndRefusesAnythingElse() {
        assertThat(HubCertificateAuthority.generalName("hub.example.com").getTagNo()).isEqualTo(GeneralName.dNSName);
        assertThat(HubCertificateAuthority.generalName("*.hub.example.com").getTagNo()).isEqualTo(GeneralName.dNSName);
        assertThat(HubCertificateAuthority.generalName("10.0.0.5").getTagNo()).isEqualTo(GeneralName.iPAddress);
        assertThat(HubCertificateAuthority.generalName("::1").getTagNo()).isEqualTo(GeneralName.iPAddress);
        for (String bad : List.of("999.1.1.1", "under_score.example", "-lead.example", "a..b", "1:2:3:zz")) {
            assertThatThrownBy(() -> HubCertificateAuthority.generalName(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub.pki.server-names");
        }
    }

    @Test
    void alwaysNamesLocalhostFirstAndDropsDuplicates() {
        assertThat(JdbcServerCertificateStore.serverNames(List.of("Hub.Example.com", "localhost", " 10.0.0.5 ", "")))
                .containsExactly("localhost", "127.0.0.1", "10.0.0.5", "hub.example.com");
    }
}
