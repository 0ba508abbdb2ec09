package io.barberpro.hub.registry.admin;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class AdminAuthenticationIntegrationTest extends RegistryIntegrationTest {

    @Test
    void rejectsRequestWithoutTokenWithBearerChallenge() {
        web.get().uri("/admin/v1/partners").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hub-admin\"")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("unauthenticated")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.instance").isEqualTo("/admin/v1/partners")
                .jsonPath("$.requestId").isNotEmpty();
    }

    @Test
    void rejectsWrongTokenAsInvalidCredentials() {
        web.get().uri("/admin/v1/partners").header(HttpHeaders.AUTHORIZATION, "Bearer not-the-admin-token")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"hub-admin\", error=\"invalid_token\"")
                .expectBody().jsonPath("$.code").isEqualTo("invalid-credentials");
    }

    @Test
    void rejectsOtherAuthenticationSchemes() {
        web.get().uri("/admin/v1/plans").header(HttpHeaders.AUTHORIZATION, "Basic YWRtaW46YWRtaW4=")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("unauthenticated");
    }

    @Test
    void rejectsUnauthenticatedWritesWithoutCreatingAnything() {
        String slug = io.barberpro.hub.registry.testing.RegistryFixtures.uniqueSlug("noauth");
        web.post().uri("/admin/v1/partners").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\":\"" + slug + "\",\"legalName\":\"X\",\"country\":\"AR\",\"contactEmail\":\"a@b.ar\"}")
                .exchange()
                .expectStatus().isUnauthorized();
        org.assertj.core.api.Assertions.assertThat(partnersWithSlug(slug)).isZero();
    }

    @Test
    void acceptsTheAdminToken() {
        admin().get().uri("/admin/v1/plans").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.name == 'standard')].quota").isEqualTo(50000);
    }
}
