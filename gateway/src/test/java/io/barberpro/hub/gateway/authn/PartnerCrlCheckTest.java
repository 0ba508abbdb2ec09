package io.barberpro.hub.gateway.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.gateway.HubGatewayProperties.Mtls.StaleCrl;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.ClientCaCrl;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartnerCrlCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final TestPki partnerCa = new TestPki("Partner");
    private final TestPki.Issued leaf = partnerCa.client("device");
    private final TestPki.Issued intermediate = partnerCa.intermediateCa("Branch CA");
    private final TestPki.Issued leafUnderIntermediate = TestPki.client(intermediate, "branch-device");

    @Test
    void aCaWithoutAPublishedCrlRevokesNothing() {
        // given
        PartnerClientCa ca = new PartnerClientCa("ca", UUID.randomUUID(), partnerCa.ca().certificate());

        // when / then
        assertThat(new PartnerCrlCheck(StaleCrl.REFUSE).refusal(ca, chain(leaf), NOW)).isNull();
    }

    @Test
    void aListedLeafIsRevokedAndAnUnlistedOneIsNot() {
        // given
        PartnerClientCa ca = withCrl(NOW.plus(Duration.ofDays(1)), leaf.certificate().getSerialNumber());
        TestPki.Issued other = partnerCa.client("other-device");

        // when / then
        PartnerCrlCheck check = new PartnerCrlCheck(StaleCrl.REFUSE);
        assertThat(check.refusal(ca, chain(leaf), NOW)).isEqualTo(PartnerCrlCheck.REVOKED);
        assertThat(check.refusal(ca, chain(other), NOW)).isNull();
    }

    @Test
    void aListedIntermediateRevokesTheLeavesUnderIt() {
        // given
        PartnerClientCa ca = withCrl(NOW.plus(Duration.ofDays(1)), intermediate.certificate().getSerialNumber());

        // when / then
        assertThat(new PartnerCrlCheck(StaleCrl.REFUSE)
                .refusal(ca, chain(leafUnderIntermediate, intermediate), NOW)).isEqualTo(PartnerCrlCheck.REVOKED);
    }

    @Test
    void theCaListsOnlyWhatItSignedItselfSoAnIntermediatesLeafWithAListedSerialIsNotRevoked() {
        // given: the CA's list names a serial equal to that of a leaf the intermediate signed
        PartnerClientCa ca = withCrl(NOW.plus(Duration.ofDays(1)), leafUnderIntermediate.certificate().getSerialNumber());

        // when / then
        assertThat(new PartnerCrlCheck(StaleCrl.REFUSE)
                .refusal(ca, chain(leafUnderIntermediate, intermediate), NOW)).isNull();
    }

    @Test
    void aStaleListRefusesEveryLeafWhenSetToRefuseFromTheInstantAfterNextUpdate() {
        // given
        PartnerClientCa ca = withCrl(NOW);
        PartnerCrlCheck check = new PartnerCrlCheck(StaleCrl.REFUSE);

        // when / then
        assertThat(check.refusal(ca, chain(leaf), NOW)).isNull();
        assertThat(check.refusal(ca, chain(leaf), NOW.plusMillis(1))).isEqualTo(PartnerCrlCheck.STALE);
    }

    @Test
    void aStaleListStillRevokesWhatItNamesButNothingElseWhenSetToUseLast() {
        // given
        PartnerClientCa ca = withCrl(NOW.minus(Duration.ofDays(3)), leaf.certificate().getSerialNumber());
        PartnerCrlCheck check = new PartnerCrlCheck(StaleCrl.USE_LAST);

        // when / then
        assertThat(check.refusal(ca, chain(leaf), NOW)).isEqualTo(PartnerCrlCheck.REVOKED);
        assertThat(check.refusal(ca, chain(partnerCa.client("other-device")), NOW)).isNull();
    }

    private PartnerClientCa withCrl(Instant nextUpdate, BigInteger... revoked) {
        return new PartnerClientCa("ca", UUID.randomUUID(), partnerCa.ca().certificate(),
                new ClientCaCrl(nextUpdate.minus(Duration.ofDays(7)), nextUpdate, Set.of(revoked)));
    }

    private static X509Certificate[] chain(TestPki.Issued... certificates) {
        X509Certificate[] chain = new X509Certificate[certificates.length];
        for (int i = 0; i < certificates.length; i++) {
            chain[i] = certificates[i].certificate();
        }
        return chain;
    }
}
