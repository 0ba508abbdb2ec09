package io.barberpro.hub.registry.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.RatePlan;
import io.barberpro.hub.registry.api.TrustedIdp;
import io.barberpro.hub.registry.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryCredentialLookupTest {

    private static final RatePlan STANDARD = new RatePlan("standard", 50_000, Duration.ofHours(1), null, null);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final InMemoryCredentialLookup lookup = new InMemoryCredentialLookup(clock);

    private static PartnerSnapshot partner(UUID id, PartnerStatus status) {
        return new PartnerSnapshot(id, "p-" + id.toString().substring(0, 4), status, STANDARD, null, AuthPolicy.ANY, null);
    }

    private IndexedCredential credential(UUID partnerId, Instant expiresAt, Instant revokedAt) {
        return new IndexedCredential(partnerId, "cred-1", Set.of("bookings:read"), expiresAt, revokedAt);
    }

    @Test
    void partnerStatusWinsOverRevocationWhichWinsOverExpiry() {
        UUID suspended = UUID.randomUUID();
        UUID offboarded = UUID.randomUUID();
        UUID active = UUID.randomUUID();
        Instant past = clock.instant().minusSeconds(1);
        lookup.swap(CredentialIndex.builder(7)
                .partner(partner(suspended, PartnerStatus.SUSPENDED))
                .partner(partner(offboarded, PartnerStatus.OFFBOARDED))
                .partner(partner(active, PartnerStatus.ACTIVE))
                .clientCertificate("AB01", credential(suspended, past, past))
                .clientCertificate("ab02", credential(offboarded, null, null))
                .oauthClient("revoked-and-expired", credential(active, past, past))
                .oauthClient("expired", credential(active, past, null))
                .oauthClient("valid", credential(active, clock.instant().plusSeconds(1), null))
                .build());

        assertThat(lookup.clientCertificate("ab01").status()).isEqualTo(Status.PARTNER_SUSPENDED);
        assertThat(lookup.clientCertificate("AB02").status()).isEqualTo(Status.PARTNER_INACTIVE);
        assertThat(lookup.oauthClient("revoked-and-expired").status()).isEqualTo(Status.REVOKED);
        assertThat(lookup.oauthClient("expired").status()).isEqualTo(Status.EXPIRED);
        assertThat(lookup.oauthClient("valid").status()).isEqualTo(Status.VALID);
        assertThat(lookup.oauthClient("valid").scopes()).containsExactly("bookings:read");
        assertThat(lookup.oauthClient("nobody").status()).isEqualTo(Status.UNKNOWN);

        clock.advance(Duration.ofSeconds(1));
        assertThat(lookup.oauthClient("valid").status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void trustedIdpIsMergedIntoTheSnapshotAndIndexedByIssuer() {
        UUID id = UUID.randomUUID();
        TrustedIdp idp = new TrustedIdp("https://idp.partner.example", URI.create("https://idp.partner.example/jwks"), "hub");
        lookup.swap(CredentialIndex.builder(1).partner(partner(id, PartnerStatus.ACTIVE)).trustedIdp(id, idp).build());

        assertThat(lookup.partnerByTrustedIssuer("https://idp.partner.example")).hasValueSatisfying(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.trustedIdp()).isEqualTo(idp);
        });
        assertThat(lookup.partner(id).orElseThrow().trustedIdp()).isEqualTo(idp);
        assertThat(lookup.partnerByTrustedIssuer("https://other.example")).isEmpty();
    }

    @Test
    void credentialOfAPartnerMissingFromTheIndexIsUnknown() {
        lookup.swap(CredentialIndex.builder(1).oauthClient("orphan", credential(UUID.randomUUID(), null, null)).build());

        assertThat(lookup.oauthClient("orphan").status()).isEqualTo(Status.UNKNOWN);
    }
}
