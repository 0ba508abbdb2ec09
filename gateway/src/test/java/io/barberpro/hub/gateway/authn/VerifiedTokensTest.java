package io.barberpro.hub.gateway.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    @Test
    void aTokenCountsAsVerifiedOnlyForTheKeyThatVerifiedIt() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("same-kid").generate().toPublicJWK();
        ECKey reusedKid = new ECKeyGenerator(Curve.P_256).keyID("same-kid").generate().toPublicJWK();
        VerifiedTokens cache = new VerifiedTokens(10);

        cache.remember("header.payload.signature", new VerifiedTokens.Verified(null, first, Set.of("bookings:read")));

        assertThat(cache.get("header.payload.signature").verifiedBy(first)).isTrue();
        assertThat(cache.get("header.payload.signature").verifiedBy(reusedKid)).isFalse();
        assertThat(cache.get("header.tampered.signature")).isNull();
    }

    @Test
    void staysWithinItsCapacity() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
        VerifiedTokens cache = new VerifiedTokens(3);

        for (int i = 0; i < 10; i++) {
            cache.remember("token-" + i, new VerifiedTokens.Verified(null, key, Set.of()));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.get("token-9").verifiedBy(key)).isTrue();
    }
}
