package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class MasterKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndReadsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/master.key");

        byte[] created = MasterKey.load(properties(null, file), random).getEncoded();
        byte[] again = MasterKey.load(properties(null, file), random).getEncoded();

        assertThat(created).hasSize(32).isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aConfiguredKeyWinsOverTheFile(@TempDir Path dir) {
        String base64 = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThat(MasterKey.load(properties(base64, dir.resolve("unused")), random).getEncoded()).isEqualTo(new byte[32]);
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void refusesAKeyOfTheWrongSize(@TempDir Path dir) {
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.load(properties(shortKey, dir.resolve("x")), random))
                .hasMessageContaining("32 bytes");
    }

    private static PkiProperties properties(String masterKey, Path file) {
        return new PkiProperties(masterKey, file, "CN=Test CA", Duration.ofDays(3650), Duration.ofDays(365),
                Duration.ofDays(397), List.of(), null, null, DataSize.ofMegabytes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }
}
