package io.barberpro.hub.registry.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import org.junit.jupiter.api.Test;

/** Every credential onboarding hands out is known to the gateway's lookup, and offboarding closes them all. */
class OnboardedCredentialsLookupIntegrationTest extends RegistryIntegrationTest {

    @Test
    void onboardedCredentialsAreValidUntilOffboarding() {
        OnboardingResponse onboarded = fixtures.onboard("lookup", null);

        assertThat(lookup.apiKey(onboarded.apiKey().key()).status()).isEqualTo(Status.VALID);
        assertThat(lookup.oauthClient(onboarded.oauthClient().clientId()).status()).isEqualTo(Status.VALID);
        assertThat(lookup.clientCertificate(onboarded.clientCertificate().sha256Fingerprint()).status())
                .isEqualTo(Status.VALID);

        fixtures.suspend(onboarded.partnerId());
        assertThat(lookup.oauthClient(onboarded.oauthClient().clientId()).status()).isEqualTo(Status.PARTNER_SUSPENDED);
        assertThat(lookup.clientCertificate(onboarded.clientCertificate().sha256Fingerprint()).status())
                .isEqualTo(Status.PARTNER_SUSPENDED);

        fixtures.offboard(onboarded.partnerId());
        assertThat(lookup.apiKey(onboarded.apiKey().key()).status()).isEqualTo(Status.PARTNER_INACTIVE);
        assertThat(lookup.oauthClient(onboarded.oauthClient().clientId()).status()).isEqualTo(Status.PARTNER_INACTIVE);
        assertThat(lookup.clientCertificate(onboarded.clientCertificate().sha256Fingerprint()).status())
                .isEqualTo(Status.PARTNER_INACTIVE);
    }
}
