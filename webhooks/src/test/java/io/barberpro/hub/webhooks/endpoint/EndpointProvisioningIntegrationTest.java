package io.barberpro.hub.webhooks.endpoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.webhooks.WebhooksIntegrationTestBase;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;

class EndpointProvisioningIntegrationTest extends WebhooksIntegrationTestBase {

    @Autowired
    WebhookEndpointProvisioner provisioner;

    @Test
    void onboardingProvisionsAnEndpointForEveryEventTypeInsideItsTransaction() {
        // given
        receiver.stubFor(post(urlEqualTo("/onboarded")).willReturn(aResponse().withStatus(200)));
        UUID partner = UUID.randomUUID();

        // when
        WebhookEndpointProvisioner.ProvisionedEndpoint provisioned = transactions.execute(tx ->
                provisioner.provision(partner, URI.create(receiverUrl("/onboarded"))));

        // then
        assertThat(provisioned.signingSecret()).startsWith("whsec_");
        WebhookEndpoint endpoint = endpoints.get(partner, provisioned.endpointId());
        assertThat(endpoint.eventTypes()).isEmpty();
        assertThat(endpoint.enabled()).isTrue();
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-on"));
        eventually().until(() -> deliveryStatus(eventId).equals("DELIVERED"));
    }

    @Test
    void aRolledBackOnboardingLeavesNoEndpoint() {
        UUID partner = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            provisioner.provision(partner, URI.create(receiverUrl("/onboarded")));
            tx.setRollbackOnly();
        });
        assertThat(endpoints.list(partner, 10, 0)).isEmpty();
    }

    @Test
    void provisioningOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> provisioner.provision(UUID.randomUUID(), URI.create(receiverUrl("/x"))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void offboardingDisablesEveryEndpointAndDeadLettersPendingDeliveries() {
        // given
        receiver.stubFor(post(urlEqualTo("/offboarded")).willReturn(aResponse().withStatus(500)));
        UUID partner = UUID.randomUUID();
        UUID first = endpoint(partner, "/offboarded").endpoint().id();
        UUID second = endpoint(partner, "/offboarded").endpoint().id();
        UUID eventId = publish(partner, "booking.created", Map.of("bookingId", "bk-off"));
        eventually().until(() -> attempts(eventId) == 2);

        // when
        transactions.executeWithoutResult(tx -> provisioner.disableAll(partner));

        // then
        assertThat(endpoints.get(partner, first).enabled()).isFalse();
        assertThat(endpoints.get(partner, second).disabledReason()).isEqualTo("partner offboarded");
        assertThat(jdbc.sql("select distinct status from webhook_deliveries where event_id = :id").param("id", eventId)
                .query(String.class).list()).containsExactly("DEAD");
    }
}
