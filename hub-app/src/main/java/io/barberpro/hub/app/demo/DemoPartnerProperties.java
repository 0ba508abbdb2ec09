package io.barberpro.hub.app.demo;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sample partner of the embedded default.
 *
 * @param enabled         onboard the sample partner on first start
 * @param slug            its slug
 * @param credentialsFile where its credentials are kept (mode 0600) after the one print at first start
 */
@Validated
@ConfigurationProperties("hub.demo")
public record DemoPartnerProperties(@DefaultValue("true") boolean enabled,
                                    @NotBlank @DefaultValue("demo") String slug,
                                    @NotNull @DefaultValue("./data/demo-partner.json") Path credentialsFile) {
}
