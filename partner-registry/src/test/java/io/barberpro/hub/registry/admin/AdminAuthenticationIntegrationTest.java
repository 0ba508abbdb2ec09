package io.barberpro.hub.registry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

class AdminAuthenticationIntegrationTest extends RegistryIntegrationTest {

    @LocalServerPort
    int port;

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
    void aRejectionRightAfterADatabaseBackedAnswerLeavesTheKeptAliveConnectionReading() {
        // given: one kept-alive connection to the admin listener
        ConnectionProvider oneConnection = ConnectionProvider.create("admin-keep-alive", 1);
        HttpClient client = HttpClient.create(oneConnection).baseUrl("http://127.0.0.1:" + port);
        HttpClient admin = client.headers(h -> h.set(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN));
        try {
            for (int i = 0; i < 120; i++) {
                // when: an authenticated call, answered once its database work off the event loop is done, is
                // followed by an unauthenticated one, answered at once (Reactor Netty 1.2 could stop reading there)
                int listed = status(admin);
                int rejected = status(client);

                // then: both are answered
                assertThat(listed).isEqualTo(200);
                assertThat(rejected).isEqualTo(401);
            }
        } finally {
            oneConnection.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static int status(HttpClient client) {
        return client.get().uri("/admin/v1/plans")
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code()))
                .block(Duration.ofSeconds(10));
    }

    @Test
    void acceptsTheAdminToken() {
        admin().get().uri("/admin/v1/plans").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.name == 'standard')].quota").isEqualTo(50000);
    }
}
