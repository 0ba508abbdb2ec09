package io.barberpro.hub.registry.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.pki.PkiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OAuthClientServiceIntegrationTest extends PkiIntegrationTest {

    @Autowired
    OAuthClientService clients;

    @Test
    void storesOnlyTheSecretsHash() throws Exception {
        UUID partner = insertActivePartner();

        CreatedOAuthClient created = clients.create(partner, Set.of("bookings:read", "bookings:write"));

        Map<String, Object> row = jdbc.queryForMap("select * from oauth_clients where client_id = ?", created.clientId());
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains(created.clientSecret()));
        assertThat((byte[]) row.get("secret_sha256")).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(created.clientSecret().getBytes(StandardCharsets.UTF_8)));
        assertThat(clients.find(created.clientId()).orElseThrow().scopes())
                .containsExactlyInAnyOrder("bookings:read", "bookings:write");
        assertThat(created.toString()).doesNotContain(created.clientSecret());
    }

    @Test
    void secretCarriesAtLeast256RandomBits() {
        CreatedOAuthClient created = clients.create(insertActivePartner(), Set.of());

        String random = created.clientSecret().substring(OAuthClientService.SECRET_PREFIX.length());
        assertThat(Base64.getUrlDecoder().decode(random)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(clients.create(insertActivePartner(), Set.of()).clientSecret()).isNotEqualTo(created.clientSecret());
    }

    @Test
    void rejectsMalformedScopesAndUnknownPartners() {
        UUID partner = insertActivePartner();

        assertThatThrownBy(() -> clients.create(partner, Set.of("has space")))
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.VALIDATION_FAILED));
        assertThatThrownBy(() -> clients.create(UUID.randomUUID(), Set.of("bookings:read")))
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.NOT_FOUND));
        assertThatThrownBy(() -> clients.create(insertPartner("OFFBOARDED"), Set.of("bookings:read")))
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.CONFLICT));
        assertThat(clients.list(partner)).isEmpty();
    }

    @Test
    void revokesOneOrAllClientsOfAPartner() {
        UUID partner = insertActivePartner();
        UUID other = insertActivePartner();
        CreatedOAuthClient first = clients.create(partner, Set.of("a"));
        clients.create(partner, Set.of("b"));
        CreatedOAuthClient othersClient = clients.create(other, Set.of("a"));

        assertThat(clients.revoke(other, first.clientId())).isFalse();
        assertThat(clients.revoke(partner, first.clientId())).isTrue();
        assertThat(clients.revokeAll(partner)).isEqualTo(1);

        assertThat(clients.list(partner)).hasSize(2).allMatch(OAuthClientRecord::isRevoked);
        assertThat(clients.find(othersClient.clientId()).orElseThrow().isRevoked()).isFalse();
    }
}
