package io.barberpro.hub.registry.admin;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import org.junit.jupiter.api.Test;

class OpenApiIntegrationTest extends RegistryIntegrationTest {

    @Test
    void apiDocsDescribeTheAdminApi() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/admin/v1/partners'].post.summary").isEqualTo("Create a pending partner")
                .jsonPath("$.paths['/admin/v1/partners'].get").exists()
                .jsonPath("$.paths['/admin/v1/partners/{id}'].delete").exists()
                .jsonPath("$.paths['/admin/v1/partners/{id}/suspend'].post").exists()
                .jsonPath("$.paths['/admin/v1/partners/{id}/api-keys'].post.responses['201']").exists()
                .jsonPath("$.paths['/admin/v1/plans'].get").exists()
                .jsonPath("$.paths['/admin/v1/audit'].get").exists()
                .jsonPath("$.paths['/admin/v1/onboarding'].post.responses['201']").exists()
                .jsonPath("$.components.schemas.OnboardingResponse.properties.apiKey").exists()
                .jsonPath("$.components.schemas.NewPartner.properties.slug").exists()
                .jsonPath("$.components.securitySchemes.adminToken.scheme").isEqualTo("bearer");
    }
}
