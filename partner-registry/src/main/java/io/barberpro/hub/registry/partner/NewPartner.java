package io.barberpro.hub.registry.partner;

/** {@code POST /admin/v1/partners}; {@code plan} defaults to {@code standard}. */
public record NewPartner(String slug, String legalName, String country, String contactEmail, String plan) {
}
