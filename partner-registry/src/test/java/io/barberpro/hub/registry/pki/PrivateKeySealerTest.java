package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrivateKeySealerTest {

    private final SecureRandom random = new SecureRandom();
    private final PrivateKeySealer sealer = new PrivateKeySealer(key(), random);
    private final KeyPair keyPair = HubCertificateAuthority.generateEcKeyPair(random);

    @Test
    void opensWhatItSealed() {
        byte[] sealed = sealer.seal(keyPair.getPrivate(), "hub-ca");

        assertThat(sealer.unseal(sealed, "hub-ca").getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
    }

    @Test
    void sealedFormHoldsNoPlainKey() {
        byte[] sealed = sealer.seal(keyPair.getPrivate(), "hub-ca");

        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(keyPair.getPrivate().getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesAKeySealedForAnotherPurposeOrWithAnotherMasterKey() {
        byte[] sealed = sealer.seal(keyPair.getPrivate(), "jwk:one");

        assertThatThrownBy(() -> sealer.unseal(sealed, "jwk:two")).hasMessageContaining("master key");
        assertThatThrownBy(() -> new PrivateKeySealer(key(), random).unseal(sealed, "jwk:one"))
                .hasMessageContaining("master key");
    }

    @Test
    void refusesATamperedKey() {
        byte[] sealed = sealer.seal(keyPair.getPrivate(), "hub-ca");
        sealed[sealed.length - 5] ^= 1;

        assertThatThrownBy(() -> sealer.unseal(sealed, "hub-ca")).isInstanceOf(IllegalStateException.class);
    }

    private SecretKeySpec key() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
