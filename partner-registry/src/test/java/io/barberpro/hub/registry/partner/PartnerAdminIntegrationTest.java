package io.barberpro.hub.registry.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.testing.RegistryFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class PartnerAdminIntegrationTest extends RegistryIntegrationTest {

    private static String partnerJson(String slug, String country, String email) {
        return "{\"slug\":\"" + slug + "\",\"legalName\":\"Barbería Norte S.R.L.\",\"country\":\"" + country
                + "\",\"contactEmail\":\"" + email + "\"}";
    }

    private WebTestClient.ResponseSpec post(String uri, String json) {
        return admin().post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private Map<String, Object> createPartner(String slug) {
        return post("/admin/v1/partners", partnerJson(slug, "AR", "ops@norte.com.ar"))
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @Test
    void createsPendingPartnerOnStandardPlanWithLocation() {
        String slug = RegistryFixtures.uniqueSlug("norte");
        post("/admin/v1/partners", partnerJson(slug, "AR", "ops@norte.com.ar"))
                .expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/admin/v1/partners/"))
                .expectBody()
                .jsonPath("$.slug").isEqualTo(slug)
                .jsonPath("$.status").isEqualTo("PENDING")
                .jsonPath("$.plan").isEqualTo("standard")
                .jsonPath("$.country").isEqualTo("AR");
        assertThat(partnersWithSlug(slug)).isOne();
    }

    @Test
    void defaultPlanIsFiftyThousandRequestsPerHourInTheLookup() {
        UUID id = UUID.fromString((String) createPartner(RegistryFixtures.uniqueSlug("plan")).get("id"));

        PartnerSnapshot snapshot = lookup.partner(id).orElseThrow();

        assertThat(snapshot.effectivePlan().name()).isEqualTo("standard");
        assertThat(snapshot.effectivePlan().quota()).isEqualTo(50_000);
        assertThat(snapshot.effectivePlan().window()).isEqualTo(Duration.ofHours(1));
        assertThat(snapshot.status()).isEqualTo(PartnerStatus.PENDING);
    }

    @Test
    void rejectsUnknownFieldWithoutCreatingPartner() {
        String slug = RegistryFixtures.uniqueSlug("unknown");
        post("/admin/v1/partners", "{\"slug\":\"" + slug + "\",\"legalName\":\"X\",\"country\":\"AR\","
                + "\"contactEmail\":\"a@b.com\",\"tier\":\"gold\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("unknown-field")
                .jsonPath("$.detail").isEqualTo("Unknown field 'tier'");
        assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        post("/admin/v1/partners", partnerJson("Bad Slug!", "XX", "not-an-email"))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[?(@.field == 'slug')]").exists()
                .jsonPath("$.errors[?(@.field == 'country')]").exists()
                .jsonPath("$.errors[?(@.field == 'contactEmail')]").exists();
        assertThat(partnersWithSlug("Bad Slug!")).isZero();
    }

    @Test
    void rejectsLowerCaseCountryAndMissingFields() {
        String slug = RegistryFixtures.uniqueSlug("missing");
        post("/admin/v1/partners", "{\"slug\":\"" + slug + "\",\"country\":\"ar\"}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors[?(@.field == 'legalName')].message").isEqualTo("must be present")
                .jsonPath("$.errors[?(@.field == 'contactEmail')].message").isEqualTo("must be present")
                .jsonPath("$.errors[?(@.field == 'country')]").exists();
        assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void rejectsMalformedJsonAndWrongTypes() {
        post("/admin/v1/partners", "{\"slug\":").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("bad-request");
        post("/admin/v1/plans", "{\"name\":\"x\",\"quota\":\"lots\",\"windowSeconds\":60}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("validation-failed")
                .jsonPath("$.errors[0].field").isEqualTo("quota");
    }

    @Test
    void rejectsOversizedAndNonJsonBodies() {
        String huge = "{\"legalName\":\"" + "x".repeat(300 * 1024) + "\"}";
        post("/admin/v1/partners", huge).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("payload-too-large");
        admin().post().uri("/admin/v1/partners").contentType(MediaType.TEXT_PLAIN).bodyValue("slug=x").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("unsupported-media-type");
        post("/admin/v1/partners", "[1,2]").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("bad-request");
    }

    @Test
    void rejectsDuplicateSlugWithConflict() {
        String slug = RegistryFixtures.uniqueSlug("dup");
        createPartner(slug);

        post("/admin/v1/partners", partnerJson(slug, "UY", "other@example.com"))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("duplicate");
        assertThat(partnersWithSlug(slug)).isOne();
    }

    @Test
    void rejectsUnknownPlan() {
        String slug = RegistryFixtures.uniqueSlug("noplan");
        post("/admin/v1/partners", "{\"slug\":\"" + slug + "\",\"legalName\":\"X\",\"country\":\"AR\","
                + "\"contactEmail\":\"a@b.com\",\"plan\":\"platinum\"}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("plan");
        assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void answersNotFoundForUnknownPartner() {
        admin().get().uri("/admin/v1/partners/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("not-found");
        admin().get().uri("/admin/v1/partners/not-a-uuid").exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void paginatesWithNextLinkUntilTheLastPage() {
        for (int i = 0; i < 3; i++) {
            createPartner(RegistryFixtures.uniqueSlug("page"));
        }
        Map<String, Object> first = admin().get().uri("/admin/v1/partners?limit=2").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat((List<?>) first.get("items")).hasSize(2);
        String next = (String) first.get("next");
        assertThat(next).startsWith("/admin/v1/partners?limit=2&cursor=");

        Map<String, Object> second = admin().get().uri(next).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat((List<Object>) second.get("items")).hasSize(2)
                .doesNotContainAnyElementsOf((List<Object>) first.get("items"));

        admin().get().uri("/admin/v1/partners?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        admin().get().uri("/admin/v1/partners?cursor=%%%").exchange().expectStatus().isBadRequest();
    }

    @Test
    void patchesOnlyGivenFieldsAndKeepsSlug() {
        Map<String, Object> created = createPartner(RegistryFixtures.uniqueSlug("patch"));
        String id = (String) created.get("id");

        admin().patch().uri("/admin/v1/partners/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"contactEmail\":\"new@norte.com.ar\"}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.contactEmail").isEqualTo("new@norte.com.ar")
                .jsonPath("$.legalName").isEqualTo("Barbería Norte S.R.L.")
                .jsonPath("$.version").isEqualTo(1);
        admin().patch().uri("/admin/v1/partners/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\":\"renamed\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("unknown-field");
    }

    @Test
    void recordsLifecycleTransitionsWithWhoAndWhy() {
        String id = (String) createPartner(RegistryFixtures.uniqueSlug("life")).get("id");
        String base = "/admin/v1/partners/" + id;

        post(base + "/activate", "{}").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        post(base + "/suspend", "{\"reason\":\"unpaid invoice\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SUSPENDED");
        assertThat(lookup.partner(UUID.fromString(id)).orElseThrow().status()).isEqualTo(PartnerStatus.SUSPENDED);
        post(base + "/reactivate", "{\"reason\":\"paid\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        admin().delete().uri(base + "?reason=contract ended").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("OFFBOARDED");

        admin().get().uri(base + "/transitions").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(5)
                .jsonPath("$.items[0].from").doesNotExist()
                .jsonPath("$.items[0].to").isEqualTo("PENDING")
                .jsonPath("$.items[2].to").isEqualTo("SUSPENDED")
                .jsonPath("$.items[2].reason").isEqualTo("unpaid invoice")
                .jsonPath("$.items[2].actor").isEqualTo("admin")
                .jsonPath("$.items[4].to").isEqualTo("OFFBOARDED")
                .jsonPath("$.items[4].reason").isEqualTo("contract ended");
    }

    @Test
    void refusesTransitionsTheLifecycleDoesNotAllow() {
        String id = (String) createPartner(RegistryFixtures.uniqueSlug("illegal")).get("id");
        String base = "/admin/v1/partners/" + id;

        post(base + "/reactivate", "{}").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("conflict");
        post(base + "/activate", "{}").expectStatus().isOk();
        post(base + "/suspend", "{}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        admin().delete().uri(base).exchange().expectStatus().isOk();
        post(base + "/activate", "{}").expectStatus().isEqualTo(409);
        post(base + "/reactivate", "{}").expectStatus().isEqualTo(409);
        admin().patch().uri(base).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"legalName\":\"Y\"}")
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void rateLimitOverrideAndAuthPolicyReachTheLookup() {
        String id = (String) createPartner(RegistryFixtures.uniqueSlug("override")).get("id");
        String base = "/admin/v1/partners/" + id;

        admin().put().uri(base + "/rate-limit").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quota\":1000,\"windowSeconds\":60,\"spikeQuota\":100,\"spikeWindowSeconds\":1}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rateLimitOverride.quota").isEqualTo(1000);
        admin().put().uri(base + "/auth-policy").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"allowed\":[\"MTLS\",\"API_KEY\"],\"required\":[\"MTLS\"]}")
                .exchange().expectStatus().isOk();

        PartnerSnapshot snapshot = lookup.partner(UUID.fromString(id)).orElseThrow();
        assertThat(snapshot.effectivePlan().quota()).isEqualTo(1000);
        assertThat(snapshot.effectivePlan().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(snapshot.effectivePlan().spikeQuota()).isEqualTo(100);
        assertThat(snapshot.plan().quota()).isEqualTo(50_000);
        assertThat(snapshot.authPolicy().required()).containsExactly(io.barberpro.hub.registry.api.AuthMethod.MTLS);

        admin().delete().uri(base + "/rate-limit").exchange().expectStatus().isOk();
        assertThat(lookup.partner(UUID.fromString(id)).orElseThrow().effectivePlan().quota()).isEqualTo(50_000);

        admin().put().uri(base + "/auth-policy").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"allowed\":[\"API_KEY\"],\"required\":[\"MTLS\",\"PASSWORD\"]}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("required[1]");
        admin().put().uri(base + "/rate-limit").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quota\":0,\"windowSeconds\":60,\"spikeQuota\":5}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
    }

    @Test
    void createsPlansAndRejectsDuplicates() {
        String name = RegistryFixtures.uniqueSlug("gold");
        post("/admin/v1/plans", "{\"name\":\"" + name + "\",\"quota\":200000,\"windowSeconds\":3600,"
                + "\"spikeQuota\":5000,\"spikeWindowSeconds\":60}")
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.quota").isEqualTo(200000);
        admin().get().uri("/admin/v1/plans/" + name).exchange().expectStatus().isOk();
        post("/admin/v1/plans", "{\"name\":\"" + name + "\",\"quota\":1,\"windowSeconds\":1}")
                .expectStatus().isEqualTo(409);
        admin().get().uri("/admin/v1/plans/nope-" + name).exchange().expectStatus().isNotFound();
    }
}
