package io.barberpro.hub.registry.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.api.CredentialVerdict;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.partner.Partner;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

class ApiKeyLifecycleIntegrationTest extends RegistryIntegrationTest {

    private Map<String, Object> createKey(UUID partnerId, String json) {
        return admin().post().uri("/admin/v1/partners/" + partnerId + "/api-keys")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @Test
    void returnsKeyOnceAndStoresOnlyItsHash() {
        Partner partner = fixtures.activePartner("hash");

        Map<String, Object> created = createKey(partner.id(), "{\"scopes\":[\"bookings:read\"]}");
        String key = (String) created.get("key");

        assertThat(key).matches("bph_[a-z2-9]{8}_[A-Za-z0-9_-]{43}");
        assertThat(created.get("prefix")).isEqualTo(key.substring(0, 12));
        Map<String, Object> row = jdbc.sql("select * from api_keys where id = ?")
                .param(UUID.fromString((String) created.get("id"))).query().singleRow();
        String secretPart = key.substring(13);
        row.values().forEach(value -> {
            String text = value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + HexFormat.of().formatHex(bytes) : String.valueOf(value);
            assertThat(text).doesNotContain(key).doesNotContain(secretPart);
        });
        assertThat((byte[]) row.get("key_hash")).isEqualTo(ApiKeyFormat.hash(key));
        admin().get().uri("/admin/v1/partners/" + partner.id() + "/api-keys").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain(secretPart).contains(key.substring(0, 12)));
        CredentialVerdict verdict = lookup.apiKey(key);
        assertThat(verdict.status()).isEqualTo(Status.VALID);
        assertThat(verdict.partner().id()).isEqualTo(partner.id());
        assertThat(verdict.scopes()).containsExactly("bookings:read");
        assertThat(verdict.credentialId()).isEqualTo(created.get("id"));
    }

    @Test
    void bothKeysAreValidDuringRotationUntilTheOldOneIsRevoked() {
        Partner partner = fixtures.activePartner("rotate");
        Map<String, Object> old = createKey(partner.id(), "{}");
        Map<String, Object> next = createKey(partner.id(), "{\"description\":\"rotation 2026-11\"}");

        assertThat(lookup.apiKey((String) old.get("key")).status()).isEqualTo(Status.VALID);
        assertThat(lookup.apiKey((String) next.get("key")).status()).isEqualTo(Status.VALID);

        admin().delete().uri("/admin/v1/partners/" + partner.id() + "/api-keys/" + old.get("id")).exchange()
                .expectStatus().isNoContent();

        assertThat(lookup.apiKey((String) old.get("key")).status()).isEqualTo(Status.REVOKED);
        assertThat(lookup.apiKey((String) next.get("key")).status()).isEqualTo(Status.VALID);
        admin().delete().uri("/admin/v1/partners/" + partner.id() + "/api-keys/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void keyExpiresByTheClock() {
        Partner partner = fixtures.activePartner("expiry");
        Instant expiresAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofDays(30));
        clock.set(expiresAt.minus(Duration.ofDays(30)));
        Map<String, Object> created = createKey(partner.id(), "{\"expiresAt\":\"" + expiresAt + "\"}");
        String key = (String) created.get("key");
        assertThat(lookup.apiKey(key).status()).isEqualTo(Status.VALID);

        clock.advance(Duration.ofDays(30));

        CredentialVerdict verdict = lookup.apiKey(key);
        assertThat(verdict.status()).isEqualTo(Status.EXPIRED);
        assertThat(verdict.expiresAt()).isEqualTo(expiresAt);
    }

    @Test
    void rejectsInvalidKeyRequests() {
        Partner partner = fixtures.activePartner("badkey");
        admin().post().uri("/admin/v1/partners/" + partner.id() + "/api-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"expiresAt\":\"2001-01-01T00:00:00Z\",\"scopes\":[\"ok\",\"no spaces\"]}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        admin().post().uri("/admin/v1/partners/" + partner.id() + "/api-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"expiresAt\":\"next tuesday\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("expiresAt");
        admin().post().uri("/admin/v1/partners/" + UUID.randomUUID() + "/api-keys").exchange()
                .expectStatus().isNotFound();
        assertThat(jdbc.sql("select count(*) from api_keys where partner_id = ?").param(partner.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void unknownOrMalformedKeysAreUnknown() {
        assertThat(lookup.apiKey("bph_abcdefgh_" + "A".repeat(43)).status()).isEqualTo(Status.UNKNOWN);
        assertThat(lookup.apiKey("not a key").status()).isEqualTo(Status.UNKNOWN);
        assertThat(lookup.apiKey(null).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void suspendedPartnerMakesEveryLookupSaySuspended() {
        Partner partner = fixtures.activePartner("suspend");
        String valid = fixtures.apiKey(partner.id()).key();
        CreatedApiKey revoked = fixtures.apiKey(partner.id());
        fixtures.revokeApiKey(partner.id(), revoked.id());
        String expiring = fixtures.apiKey(partner.id(), List.of(), clock.instant().plusSeconds(60)).key();
        clock.advance(Duration.ofMinutes(2));

        fixtures.suspend(partner.id());

        assertThat(List.of(valid, revoked.key(), expiring)).allSatisfy(key ->
                assertThat(lookup.apiKey(key).status()).isEqualTo(Status.PARTNER_SUSPENDED));
        fixtures.reactivate(partner.id());
        assertThat(lookup.apiKey(valid).status()).isEqualTo(Status.VALID);
        assertThat(lookup.apiKey(revoked.key()).status()).isEqualTo(Status.REVOKED);
        assertThat(lookup.apiKey(expiring).status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void offboardingRevokesEveryKeyAndLocksThePartnerOut() {
        Partner partner = fixtures.activePartner("offboard");
        String first = fixtures.apiKey(partner.id()).key();
        String second = fixtures.apiKey(partner.id()).key();

        admin().delete().uri("/admin/v1/partners/" + partner.id()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("OFFBOARDED");

        assertThat(jdbc.sql("select count(*) from api_keys where partner_id = ? and revoked_at is null")
                .param(partner.id()).query(Long.class).single()).isZero();
        assertThat(lookup.apiKey(first).status()).isEqualTo(Status.PARTNER_INACTIVE);
        assertThat(lookup.apiKey(second).status()).isEqualTo(Status.PARTNER_INACTIVE);
        admin().post().uri("/admin/v1/partners/" + partner.id() + "/api-keys").exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void offboardingIsAllOrNothingWhenARevocationFails() {
        Partner partner = fixtures.activePartner("atomic");
        String key = fixtures.apiKey(partner.id()).key();
        failingRevoker.failFor(partner.id());

        admin().delete().uri("/admin/v1/partners/" + partner.id()).exchange()
                .expectStatus().is5xxServerError();

        assertThat(jdbc.sql("select status from partners where id = ?").param(partner.id()).query(String.class).single())
                .isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select count(*) from api_keys where partner_id = ? and revoked_at is not null")
                .param(partner.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from partner_status_transitions where partner_id = ? and to_status = 'OFFBOARDED'")
                .param(partner.id()).query(Long.class).single()).isZero();
        assertThat(lookup.apiKey(key).status()).isEqualTo(Status.VALID);
    }
}
