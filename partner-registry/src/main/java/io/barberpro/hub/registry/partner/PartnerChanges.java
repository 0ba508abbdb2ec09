package io.barberpro.hub.registry.partner;

/** {@code PATCH /admin/v1/partners/{id}}: members present are changed, absent ones kept. The slug is fixed. */
public record PartnerChanges(String legalName, String country, String contactEmail, String plan) {
}
