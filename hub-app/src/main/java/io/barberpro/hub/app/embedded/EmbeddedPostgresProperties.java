package io.barberpro.hub.app.embedded;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded PostgreSQL of the default run, used only while {@code spring.datasource.url} is unset.
 *
 * @param dataDirectory where the cluster lives; kept across restarts
 * @param port          TCP port on 127.0.0.1; 0 picks a free one at each start
 */
@Validated
@ConfigurationProperties("hub.embedded-postgres")
public record EmbeddedPostgresProperties(@NotNull @DefaultValue("./data/postgres") Path dataDirectory,
                                         @Min(0) @Max(65535) @DefaultValue("0") int port) {
}
