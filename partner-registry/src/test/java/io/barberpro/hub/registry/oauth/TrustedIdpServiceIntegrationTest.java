package io.barberpro.hub.registry.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.TrustedIdp;
import io.barberpro.hub.registry.pki.PkiIntegrationTest;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TrustedIdpServiceIntegrationTest extends PkiIntegrationTest {

    @Autowired
    TrustedIdpService idps;

    @Test
    void setsReplacesAndRemovesAPartnersIdp() {
        UUID partner = insertActivePartner();
        String issuer = "https://idp.example/" + partner;

        idps.set(partner, new TrustedIdp(issuer, URI.create("https://idp.example/jwks"), "hub"));
        idps.set(partner, new TrustedIdp(issuer, URI.create("https://idp.example/v2/jwks"), "barberpro"));

        assertThat(idps.find(partner)).contains(new TrustedIdp(issuer, URI.create("https://idp.example/v2/jwks"), "barberpro"));
        assertThat(idps.findAll()).containsKey(partner);
        assertThat(idps.remove(partner)).isTrue();
        assertThat(idps.find(partner)).isEmpty();
    }

    @Test
    void anIssuerBelongsToOnePartner() {
        String issuer = "https://shared.example/" + UUID.randomUUID();
        idps.set(insertActivePartner(), new TrustedIdp(issuer, URI.create("https://shared.example/jwks"), "a"));

        assertThatThrownBy(() -> idps.set(insertActivePartner(),
                new TrustedIdp(issuer, URI.create("https://shared.example/jwks"), "a")))
                .isInstanceOfSatisfying(HubProblemException.class, e -> assertThat(e.error()).isEqualTo(HubError.DUPLICATE));
    }

    @Test
    void rejectsInvalidFields() {
        UUID partner = insertActivePartner();

        for (TrustedIdp bad : new TrustedIdp[] {new TrustedIdp(" ", URI.create("https://x.example/jwks"), "a"),
                new TrustedIdp("iss", URI.create("/relative"), "a"), new TrustedIdp("iss", URI.create("ftp://x.example/j"), "a"),
                new TrustedIdp("iss", URI.create("https://user:pw@x.example/j"), "a"),
                new TrustedIdp("iss", URI.create("https://x.example/jwks"), "")}) {
            assertThatThrownBy(() -> idps.set(partner, bad)).as(bad.toString())
                    .isInstanceOfSatisfying(HubProblemException.class,
                            e -> assertThat(e.error()).isEqualTo(HubError.VALIDATION_FAILED));
        }
        assertThatThrownBy(() -> idps.set(UUID.randomUUID(), new TrustedIdp("iss", URI.create("https://x.example/j"), "a")))
                .isInstanceOfSatisfying(HubProblemException.class, e -> assertThat(e.error()).isEqualTo(HubError.NOT_FOUND));
    }
}
