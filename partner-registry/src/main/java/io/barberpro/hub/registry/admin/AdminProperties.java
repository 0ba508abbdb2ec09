package io.barberpro.hub.registry.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API's credential.
 *
 * @param token     the admin bearer token; when set it wins and no file is read or written. At least
 *                  32 characters. Prefer the token file outside development.
 * @param tokenFile where the admin token lives; generated on first start when absent (256 random
 *                  bits, file mode 0600) and printed once in the log
 * @param principal the name admin changes are recorded under in the audit log and status transitions
 */
@Validated
@ConfigurationProperties("hub.admin")
public record AdminProperties(@Size(min = 32) String token,
                              @NotNull @DefaultValue("./data/admin-token") Path tokenFile,
                              @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}") @DefaultValue("admin") String principal) {
}
