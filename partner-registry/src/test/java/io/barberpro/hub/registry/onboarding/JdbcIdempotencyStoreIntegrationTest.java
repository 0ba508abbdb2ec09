package io.barberpro.hub.registry.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.onboarding.JdbcIdempotencyStore.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class JdbcIdempotencyStoreIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    JdbcIdempotencyStore store;

    private final byte[] requestHash = JdbcIdempotencyStore.digest("{\"slug\":\"a\"}");
    private final byte[] body = "{\"apiKey\":{\"key\":\"bph_secret_value\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void replaysTheSameResponseForTheSameKeyAndRequest() {
        String key = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.save("test", key, requestHash, new StoredResponse(201, body), now, Duration.ofHours(24));

        StoredResponse replay = store.find("test", key, requestHash, now.plusSeconds(60)).orElseThrow();

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(body);
    }

    @Test
    void refusesTheSameKeyWithAnotherRequest() {
        String key = UUID.randomUUID().toString();
        store.save("test", key, requestHash, new StoredResponse(201, body), clock.instant(), Duration.ofHours(24));

        assertThatThrownBy(() -> store.find("test", key, JdbcIdempotencyStore.digest("other"), clock.instant()))
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void storesNeitherTheKeyNorTheResponseInTheClearAndForgetsAfterTheTtl() {
        String key = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.save("test", key, requestHash, new StoredResponse(201, body), now, Duration.ofHours(24));

        String row = jdbc.sql("select encode(key_hash, 'escape') || encode(response_sealed, 'escape') "
                        + "from idempotency_records where key_hash = ?")
                .param(JdbcIdempotencyStore.keyHash("test", key)).query(String.class).single();
        assertThat(row).doesNotContain(key).doesNotContain("bph_secret_value");
        assertThat(store.find("test", key, requestHash, now.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(store.find("other-operation", key, requestHash, now)).isEmpty();
    }
}
