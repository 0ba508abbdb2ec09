package io.barberpro.hub.registry.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    @Test
    void decodesFormUrlEncodedBasicCredentials() {
        // RFC 6749 §2.3.1: "a:b" and "c%d+e" are form-encoded before joining, so the colon is unambiguous
        String header = "Basic " + base64("a%3Ab:c%25d%2Be");

        assertThat(TokenEndpoint.basicCredentials(header)).containsExactly("a:b", "c%d+e");
    }

    @Test
    void acceptsTheSchemeInAnyCase() {
        assertThat(TokenEndpoint.basicCredentials("basic " + base64("id:secret"))).containsExactly("id", "secret");
    }

    @Test
    void refusesMalformedBasicCredentialsAsInvalidClient() {
        for (String header : new String[] {"Basic", "Bearer " + base64("id:secret"), "Basic ***", "Basic " + base64("no-colon"),
                "Basic " + base64(":secret"), "Basic " + base64("id:%zz")}) {
            assertThatThrownBy(() -> TokenEndpoint.basicCredentials(header)).as(header)
                    .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_client"));
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
