package io.barberpro.hub.registry.oauth;

/**
 * Body of {@code PUT /admin/v1/partners/{id}/trusted-idp}.
 *
 * @param issuer   the {@code iss} of the partner's tokens
 * @param jwksUri  where the partner publishes its signing keys (absolute http/https URL)
 * @param audience the {@code aud} the partner's tokens must carry
 */
public record TrustedIdpRequest(String issuer, String jwksUri, String audience) {
}
