package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.registry.oauth.TokenSigningKeys;
import java.security.SecureRandom;
import java.util.Base64;
import io.barberpro.hub.registry.testing.RegistryTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** "Stop and start again: the CA is the same" — a second hub on the same database, as after a restart. */
class HubCaRestartIntegrationTest extends PkiIntegrationTest {

    @Autowired
    HubCertificateAuthority ca;

    @Autowired
    EdgeTlsMaterial edgeTls;

    @Autowired
    TokenSigningKeys signingKeys;

    @Test
    void aRestartedHubHasTheSameCaServerCertificateAndSigningKey() {
        try (ConfigurableApplicationContext restarted = start()) {
            assertThat(restarted.getBean(HubCertificateAuthority.class).fingerprint()).isEqualTo(ca.fingerprint());
            assertThat(restarted.getBean(EdgeTlsMaterial.class).serverCertificateChain().get(0))
                    .isEqualTo(edgeTls.serverCertificateChain().get(0));
            assertThat(restarted.getBean(TokenSigningKeys.class).publicKeys().getKeyByKeyId(
                    signingKeys.publicKeys().getKeys().get(0).getKeyID())).isNotNull();
        }
    }

    @Test
    void anotherNodePicksUpARotationOnItsNextRefresh() {
        try (ConfigurableApplicationContext otherNode = start()) {
            TokenSigningKeys otherKeys = otherNode.getBean(TokenSigningKeys.class);
            String oldKid = otherKeys.publicKeys().getKeys().get(0).getKeyID();

            String newKid = signingKeys.rotate();
            otherKeys.refresh();

            assertThat(otherKeys.publicKeys().getKeyByKeyId(newKid)).isNotNull();
            assertThat(otherKeys.publicKeys().getKeyByKeyId(oldKid)).as("still in its overlap").isNotNull();
        }
    }

    @Test
    void aHubWithAnotherMasterKeyRefusesToStartInsteadOfReplacingTheCa() {
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);

        assertThatThrownBy(() -> start("--hub.pki.master-key=" + Base64.getEncoder().encodeToString(otherKey)).close())
                .hasStackTraceContaining("cannot be opened with the configured master key");
        assertThat(jdbc.queryForObject("select sha256_fingerprint from hub_ca", String.class)).isEqualTo(ca.fingerprint());
    }

    @Test
    void refusesToStartWithInconsistentValidities() {
        assertThatThrownBy(() -> start("--hub.oauth.key-overlap=1m").close())
                .hasStackTraceContaining("key-overlap must be at least hub.oauth.token-lifetime");
        assertThatThrownBy(() -> start("--hub.pki.client-certificate-validity=0s").close())
                .hasStackTraceContaining("validities must be positive");
    }

    /** Arguments win over the test profile, as they would on a real command line. */
    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(RegistryTestApplication.class)
                .profiles("registry-it")
                .properties("server.port=0")
                .run(arguments);
    }
}
