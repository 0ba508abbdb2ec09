package io.barberpro.hub.registry.oauth;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's OAuth2 token endpoint ({@code POST /oauth2/token}) and JWKS ({@code /.well-known/jwks.json}).
 *
 * @param issuer             {@code iss} of hub-issued access tokens
 * @param audience           {@code aud} of hub-issued access tokens (the gateway accepts only this)
 * @param tokenLifetime      lifetime of an access token ({@code exp - iat})
 * @param keyOverlap         how long a rotated-out signing key stays in the JWKS; unset = token lifetime + 5 minutes,
 *                           and never shorter than the token lifetime, so no token outlives its key
 * @param keyRefreshInterval how often a node re-reads the signing keys, to pick up rotations made on other nodes
 * @param jwksMaxAge         {@code Cache-Control: max-age} of the JWKS response
 */
@Validated
@ConfigurationProperties("hub.oauth")
public record OAuthProperties(@NotBlank @DefaultValue("urn:barberpro:hub") String issuer,
                              @NotBlank @DefaultValue("urn:barberpro:partner-api") String audience,
                              @NotNull @DefaultValue("15m") Duration tokenLifetime,
                              Duration keyOverlap,
                              @NotNull @DefaultValue("1m") Duration keyRefreshInterval,
                              @NotNull @DefaultValue("1m") Duration jwksMaxAge) {

    static final Duration OVERLAP_MARGIN = Duration.ofMinutes(5);

    public Duration effectiveKeyOverlap() {
        return keyOverlap != null ? keyOverlap : tokenLifetime.plus(OVERLAP_MARGIN);
    }

    @AssertTrue(message = "hub.oauth.key-overlap must be at least hub.oauth.token-lifetime, and durations positive")
    public boolean isConsistent() {
        return tokenLifetime != null && !tokenLifetime.isNegative() && !tokenLifetime.isZero()
                && keyRefreshInterval != null && !keyRefreshInterval.isNegative() && !keyRefreshInterval.isZero()
                && effectiveKeyOverlap().compareTo(tokenLifetime) >= 0;
    }
}
