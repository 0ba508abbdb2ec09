package io.barberpro.hub.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

class AuditLogIntegrationTest extends RegistryIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyAdminChangeLeavesAnAuditEntryWithoutSecrets() {
        String slug = RegistryFixtures.uniqueSlug("audit");
        Map<String, Object> partner = admin().post().uri("/admin/v1/partners").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\":\"" + slug + "\",\"legalName\":\"Audit S.A.\",\"country\":\"CL\","
                        + "\"contactEmail\":\"audit@example.cl\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        String id = (String) partner.get("id");
        String base = "/admin/v1/partners/" + id;
        admin().patch().uri(base).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"legalName\":\"Audit Ltda.\"}")
                .exchange().expectStatus().isOk();
        admin().post().uri(base + "/activate").exchange().expectStatus().isOk();
        admin().put().uri(base + "/rate-limit").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quota\":10,\"windowSeconds\":1}").exchange().expectStatus().isOk();
        admin().put().uri(base + "/auth-policy").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"allowed\":[\"API_KEY\"]}").exchange().expectStatus().isOk();
        Map<String, Object> key = admin().post().uri(base + "/api-keys").exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        admin().delete().uri(base + "/api-keys/" + key.get("id")).exchange().expectStatus().isNoContent();
        admin().post().uri(base + "/suspend").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"fraud check\"}").exchange().expectStatus().isOk();
        admin().delete().uri(base).exchange().expectStatus().isOk();

        Map<String, Object> page = admin().get().uri("/admin/v1/audit?partnerId=" + id).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.get("items");
        assertThat(entries).extracting(e -> e.get("action")).containsExactly(
                "partner.offboarded", "partner.suspended", "api-key.revoked", "api-key.created",
                "partner.auth-policy.set", "partner.rate-limit.set", "partner.activated", "partner.updated",
                "partner.created");
        assertThat(entries).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo("admin"));
        assertThat(entries).allSatisfy(e -> assertThat(e.get("requestId")).isNotNull());
        Map<String, Object> updated = entries.get(7);
        assertThat(((Map<String, Object>) updated.get("before")).get("legalName")).isEqualTo("Audit S.A.");
        assertThat(((Map<String, Object>) updated.get("after")).get("legalName")).isEqualTo("Audit Ltda.");

        String secret = ((String) key.get("key")).substring(13);
        String allAuditText = jdbc.sql("select coalesce(string_agg(before::text || ' ' || after::text, ' '), '') "
                + "from audit_log where partner_id = ?").param(UUID.fromString(id)).query(String.class).single();
        assertThat(allAuditText).doesNotContain(secret).doesNotContain((String) key.get("key"))
                .contains((String) key.get("prefix"));
    }

    @Test
    void auditListIsPaginatedNewestFirst() {
        String id = fixtures.activePartner("auditpage").id().toString();
        for (int i = 0; i < 3; i++) {
            fixtures.apiKey(UUID.fromString(id));
        }
        admin().get().uri("/admin/v1/audit?partnerId=" + id + "&limit=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].action").isEqualTo("api-key.created")
                .jsonPath("$.next").value(next -> assertThat((String) next).contains("cursor="));
        admin().get().uri("/admin/v1/audit?partnerId=nope").exchange().expectStatus().isBadRequest();
    }

    @Test
    void scrubsSecretLookingMembersFromSnapshots() {
        com.fasterxml.jackson.databind.node.ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("clientId", "c1").put("clientSecret", "s3cr3t").put("pkcs12Password", "pw");
        node.putObject("nested").put("apiKey", "bph_x").put("prefix", "bph_x");

        JdbcAuditLog.scrub(node);

        assertThat(node.toString()).doesNotContain("s3cr3t").doesNotContain("pw\"").contains("clientId")
                .contains("prefix").doesNotContain("apiKey");
    }
}
