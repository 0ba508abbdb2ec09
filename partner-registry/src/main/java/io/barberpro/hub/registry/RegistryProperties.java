package io.barberpro.hub.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The partner registry.
 *
 * @param refreshInterval how often every node polls {@code registry_changes.version} and rebuilds its
 *                        in-memory credential index when another node changed the registry (local
 *                        changes are visible immediately)
 * @param onboarding      onboarding settings
 */
@Validated
@ConfigurationProperties("hub.registry")
public record RegistryProperties(@NotNull @DefaultValue("1s") Duration refreshInterval,
                                 @Valid @DefaultValue Onboarding onboarding) {

    /**
     * @param idempotencyTtl how long an onboarding response is kept for {@code Idempotency-Key} replays
     *                       (encrypted with a key derived from the Idempotency-Key)
     * @param edgeBaseUrl    the partner edge (HTTPS, mTLS-capable) as partners reach it; returned by onboarding
     * @param devBaseUrl     the plain-HTTP development edge returned by onboarding, or unset in production
     * @param tokenUrl       the OAuth2 token endpoint; defaults to {@code edgeBaseUrl + /oauth2/token}
     * @param scopes         scopes of the API key and OAuth client that onboarding creates
     */
    public record Onboarding(@NotNull @DefaultValue("24h") Duration idempotencyTtl,
                             @NotNull @DefaultValue("https://localhost:8443") URI edgeBaseUrl,
                             URI devBaseUrl,
                             URI tokenUrl,
                             @NotNull @DefaultValue({"bookings:read", "bookings:write"}) List<String> scopes) {

        public URI effectiveTokenUrl() {
            return tokenUrl != null ? tokenUrl : URI.create(edgeBaseUrl.toString().replaceAll("/$", "") + "/oauth2/token");
        }

        public URI jwksUrl() {
            return URI.create(edgeBaseUrl.toString().replaceAll("/$", "") + "/.well-known/jwks.json");
        }
    }

    /** Whether the refresh interval is usable, checked at start-up. */
    public RegistryProperties {
        if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
            throw new IllegalArgumentException("hub.registry.refresh-interval must be positive");
        }
    }
}
