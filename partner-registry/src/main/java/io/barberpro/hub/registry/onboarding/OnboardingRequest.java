package io.barberpro.hub.registry.onboarding;

/**
 * {@code POST /admin/v1/onboarding}.
 *
 * @param plan       defaults to {@code standard}
 * @param webhookUrl the partner's first webhook endpoint (needs the webhooks role), or {@code null}
 * @param csrPem     a PKCS#10 CSR to sign; without it the hub generates a key pair and returns a PKCS#12
 */
public record OnboardingRequest(String slug, String legalName, String country, String contactEmail, String plan,
                                String webhookUrl, String csrPem) {
}
