package io.barberpro.hub.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.webhooks.Signatures;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String VECTOR_SECRET = "whsec_plJ3nmyCDGBKInavdOK15jsl";
    private static final String VECTOR_ID = "msg_loFOjxBNrRLzqYUf";
    private static final long VECTOR_TIMESTAMP = 1731705121;
    private static final String VECTOR_BODY = "{\"event_type\":\"ping\",\"data\":{\"success\":true}}";

    @Test
    void reproducesThePublishedStandardWebhooksTestVector() {
        // when
        String header = WebhookSigner.signatureHeader(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, List.of(VECTOR_SECRET));

        // then
        assertThat(header).isEqualTo("v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=");
    }

    @Test
    void signsWithEveryActiveSecretSpaceSeparated() {
        // given
        SecureRandom random = new SecureRandom();
        String oldSecret = WebhookSigner.newSecret(random);
        String newSecret = WebhookSigner.newSecret(random);

        // when
        String header = WebhookSigner.signatureHeader("evt_1", 1_700_000_000L, "{}", List.of(newSecret, oldSecret));

        // then
        assertThat(Signatures.entries(header)).containsExactly(
                Signatures.expected(newSecret, "evt_1", "1700000000", "{}"),
                Signatures.expected(oldSecret, "evt_1", "1700000000", "{}"));
    }

    @Test
    void generatesWellFormedSecretsWith256BitsOfRandomness() {
        // when
        String secret = WebhookSigner.newSecret(new SecureRandom());

        // then
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSigner.isWellFormed(secret)).isTrue();
        assertThat(WebhookSigner.isWellFormed("whsec_not base64!")).isFalse();
    }
}
