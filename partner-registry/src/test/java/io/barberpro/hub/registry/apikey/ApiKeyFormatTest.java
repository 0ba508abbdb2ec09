package io.barberpro.hub.registry.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private final ApiKeyFormat format = new ApiKeyFormat(new SecureRandom());

    @Test
    void generatedKeysCarry256RandomBitsBehindAVisiblePrefix() {
        String key = format.generate();

        assertThat(key).hasSize(56).startsWith("bph_");
        assertThat(ApiKeyFormat.prefixOf(key)).isEqualTo(key.substring(0, 12));
        assertThat(Base64.getUrlDecoder().decode(key.substring(13))).hasSize(32);
    }

    @Test
    void keysAndPrefixesDoNotRepeat() {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            prefixes.add(ApiKeyFormat.prefixOf(format.generate()));
        }
        assertThat(prefixes).hasSize(1000);
    }

    @Test
    void malformedKeysHaveNoPrefix() {
        String key = format.generate();

        assertThat(ApiKeyFormat.prefixOf(key + "x")).isNull();
        assertThat(ApiKeyFormat.prefixOf(key.replace("bph_", "xyz_"))).isNull();
        assertThat(ApiKeyFormat.prefixOf("")).isNull();
        assertThat(ApiKeyFormat.prefixOf(null)).isNull();
        assertThat(ApiKeyFormat.prefixOf("bph_ABCDEFGH_" + key.substring(13))).as("upper case in the prefix").isNull();
        assertThat(ApiKeyFormat.prefixOf("bph_abcdefg1_" + key.substring(13))).as("a 1 in the prefix").isNull();
        assertThat(ApiKeyFormat.prefixOf(key.substring(0, 12) + "-" + key.substring(13))).as("no separator").isNull();
        assertThat(ApiKeyFormat.prefixOf(key.substring(0, 55) + "+")).as("not base64url").isNull();
        assertThat(ApiKeyFormat.prefixOf("bph_abcdefgh_" + "A-_z9".repeat(8) + "abc")).isEqualTo("bph_abcdefgh");
    }

    @Test
    void hashIsTheSha256OfTheWholeKey() throws Exception {
        String key = format.generate();

        assertThat(ApiKeyFormat.hash(key)).hasSize(32).isEqualTo(ApiKeyFormat.hash(key))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(ApiKeyFormat.hash(format.generate()));
    }
}
