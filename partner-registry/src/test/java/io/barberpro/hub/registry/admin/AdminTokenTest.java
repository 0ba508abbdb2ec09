package io.barberpro.hub.registry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AdminTokenTest {

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AdminToken.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void generatesTokenFileOnFirstStartPrintsItOnceAndReusesItAfter() throws Exception {
        Path file = dir.resolve("data/admin-token");
        AdminProperties properties = new AdminProperties(null, file, "admin");

        AdminToken first = AdminToken.load(properties, new SecureRandom());
        String token = Files.readString(file).strip();
        AdminToken second = AdminToken.load(properties, new SecureRandom());

        assertThat(token).matches("hubadm_[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.matches(token)).isTrue();
        assertThat(second.matches(token)).isTrue();
        assertThat(second.matches(token + "x")).isFalse();
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains(token)).hasSize(1);
    }

    @Test
    void explicitTokenWinsAndNothingIsWrittenOrPrinted() {
        Path file = dir.resolve("admin-token");
        String explicit = "an-explicit-admin-token-of-enough-length";

        AdminToken token = AdminToken.load(new AdminProperties(explicit, file, "admin"), new SecureRandom());

        assertThat(token.matches(explicit)).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(Files.exists(file)).isFalse();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(explicit));
    }
}
