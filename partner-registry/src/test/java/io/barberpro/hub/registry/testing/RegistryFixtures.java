package io.barberpro.hub.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.apikey.ApiKeyService;
import io.barberpro.hub.registry.apikey.CreatedApiKey;
import io.barberpro.hub.registry.apikey.NewApiKey;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.onboarding.OnboardingRequest;
import io.barberpro.hub.registry.onboarding.OnboardingResponse;
import io.barberpro.hub.registry.onboarding.OnboardingService;
import io.barberpro.hub.registry.partner.NewPartner;
import io.barberpro.hub.registry.partner.Partner;
import io.barberpro.hub.registry.partner.PartnerService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates registry data for tests of any module, through the registry's own services (so audit,
 * events and the in-memory lookup behave as in production). Every call commits and is visible to
 * {@code CredentialLookup} when it returns.
 */
public class RegistryFixtures {

    public static final Actor TEST_ACTOR = new Actor("test-fixture", null);

    private final PartnerService partners;
    private final ApiKeyService apiKeys;
    private final RegistryChanges changes;
    private final OnboardingService onboarding;
    private final ObjectMapper objectMapper;

    public RegistryFixtures(PartnerService partners, ApiKeyService apiKeys, RegistryChanges changes,
                            OnboardingService onboarding, ObjectMapper objectMapper) {
        this.partners = partners;
        this.apiKeys = apiKeys;
        this.changes = changes;
        this.onboarding = onboarding;
        this.objectMapper = objectMapper;
    }

    /**
     * A fully onboarded active partner: API key, OAuth client, client certificate as PKCS#12 (or
     * signed from {@code csrPem} when not {@code null}), the CA, and the endpoints.
     */
    public OnboardingResponse onboard(String stem, String csrPem) {
        OnboardingService.Outcome outcome = onboarding.onboard(TEST_ACTOR, new OnboardingRequest(uniqueSlug(stem),
                stem + " S.A.", "AR", stem + "@example.com", null, null, csrPem), null);
        try {
            return objectMapper.readValue(outcome.body(), OnboardingResponse.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("onboarding response is not readable", e);
        }
    }

    /** A unique slug with a readable stem, so tests never collide in a shared schema. */
    public static String uniqueSlug(String stem) {
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An active partner on the {@code standard} plan. */
    public Partner activePartner(String stem) {
        return changes.apply(() -> partners.createInTransaction(TEST_ACTOR,
                new NewPartner(uniqueSlug(stem), stem + " S.A.", "AR", stem + "@example.com", null),
                PartnerStatus.ACTIVE, "test fixture"));
    }

    public CreatedApiKey apiKey(UUID partnerId) {
        return apiKeys.create(TEST_ACTOR, partnerId, NewApiKey.DEFAULT);
    }

    public CreatedApiKey apiKey(UUID partnerId, List<String> scopes, Instant expiresAt) {
        return apiKeys.create(TEST_ACTOR, partnerId, new NewApiKey(scopes, expiresAt, null));
    }

    public void revokeApiKey(UUID partnerId, UUID keyId) {
        apiKeys.revoke(TEST_ACTOR, partnerId, keyId);
    }

    public Partner suspend(UUID partnerId) {
        return partners.suspend(TEST_ACTOR, partnerId, "test fixture");
    }

    public Partner reactivate(UUID partnerId) {
        return partners.reactivate(TEST_ACTOR, partnerId, "test fixture");
    }

    public Partner offboard(UUID partnerId) {
        return partners.offboard(TEST_ACTOR, partnerId, "test fixture");
    }
}
