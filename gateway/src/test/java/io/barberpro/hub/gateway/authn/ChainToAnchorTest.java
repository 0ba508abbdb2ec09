package io.barberpro.hub.gateway.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.support.TestPki;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainToAnchorTest {

    private final TestPki root = new TestPki("Acme Devices");
    private final TestPki.Issued issuing = root.intermediateCa("Acme Store Devices Issuing CA");
    private final TestPki.Issued device = TestPki.client(issuing, "till-1");

    @Test
    void whatFollowsTheFirstAnchorIsLeftOutOfThePath() {
        // given: the issuing CA is the anchor, and the device sends its chain up to the root
        X509Certificate[] chain = {device.certificate(), issuing.certificate(), root.ca().certificate()};

        // when
        var path = ChainToAnchor.below(chain, Set.of(new TrustAnchor(issuing.certificate(), null)));

        // then
        assertThat(path).containsExactly(device.certificate());
    }

    @Test
    void aChainWithNoAnchorInItIsValidatedWhole() {
        // given: the root is the anchor and the device sends the issuing CA only
        X509Certificate[] chain = {device.certificate(), issuing.certificate()};

        // when
        var path = ChainToAnchor.below(chain, Set.of(new TrustAnchor(root.ca().certificate(), null)));

        // then
        assertThat(path).containsExactly(device.certificate(), issuing.certificate());
    }
}
