package io.barberpro.hub.gateway.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {

    @Test
    void aTokenCountsAsVerifiedOnlyForTheKeyThatVerifiedIt() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("same-kid").generate().toPublicJWK();
        ECKey reusedKid = new ECKeyGenerator(Curve.P_256).keyID("same-kid").generate().toPublicJWK();
        VerifiedSignatures cache = new VerifiedSignatures(10);

        cache.remember("header.payload.signature", first);

        assertThat(cache.contains("header.payload.signature", first)).isTrue();
        assertThat(cache.contains("header.payload.signature", reusedKid)).isFalse();
        assertThat(cache.contains("header.tampered.signature", first)).isFalse();
    }

    @Test
    void staysWithinItsCapacity() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
        VerifiedSignatures cache = new VerifiedSignatures(3);

        for (int i = 0; i < 10; i++) {
            cache.remember("token-" + i, key);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.contains("token-9", key)).isTrue();
    }
}
