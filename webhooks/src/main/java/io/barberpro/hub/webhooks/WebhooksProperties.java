package io.barberpro.hub.webhooks;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings ({@code hub.webhooks.*}).
 *
 * @param allowHttp          accept plain {@code http://} endpoint URLs (embedded default and tests); production wants https only
 * @param allowedNetworks    CIDRs exempt from the SSRF guard, e.g. {@code 127.0.0.0/8} for a local receiver
 * @param retrySchedule      delay before each attempt; its length is the number of attempts before the dead letter
 * @param jitter             relative spread applied to every retry delay (0.1 = ±10 %)
 * @param disableAfter       an endpoint failing without a single success for this long is disabled
 * @param rotationOverlap    default time an old signing secret keeps signing after a rotation
 * @param delivery           worker settings
 * @param platformEvents     where {@code PlatformEventSink} sends booking events
 * @param kafka              the Kafka backbone (off in the embedded default)
 */
@Validated
@ConfigurationProperties("hub.webhooks")
public record WebhooksProperties(
        @DefaultValue("false") boolean allowHttp,
        @NotNull @DefaultValue({}) List<String> allowedNetworks,
        @NotEmpty @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
        @DecimalMin("0.0") @DecimalMax("0.5") @DefaultValue("0.1") double jitter,
        @NotNull @DefaultValue("5d") Duration disableAfter,
        @NotNull @DefaultValue("24h") Duration rotationOverlap,
        @Valid @DefaultValue Delivery delivery,
        @Valid @DefaultValue PlatformEvents platformEvents,
        @Valid @DefaultValue Kafka kafka) {

    /** Booking events published to Kafka must also be consumed from it, or they never reach the outbox. */
    @AssertTrue(message = "hub.webhooks.platform-events.transport=kafka needs hub.webhooks.kafka.enabled=true")
    public boolean isPlatformTransportConsumed() {
        return platformEvents == null || kafka == null || platformEvents.transport() != Transport.KAFKA || kafka.enabled();
    }

    /**
     * @param workers       delivery threads on this node; 0 = this node does not deliver
     * @param batchSize     rows claimed per round trip; they are sent concurrently
     * @param pollInterval  idle wait between claims when nothing was due (commits in this process wake workers at once)
     * @param maxIdleInterval the idle wait doubles after each empty claim, from poll-interval up to this; an idle
     *                      node then queries the outbox a few times a second instead of ten times per worker
     * @param lease         how long a claimed row belongs to its worker; a crashed worker's rows are reclaimed after it
     * @param connectTimeout TCP/TLS connect timeout per attempt
     * @param readTimeout   time allowed for the whole response per attempt; must end well within the lease
     * @param slowLaneWorkers delivery threads on this node for the endpoints it knows to be slow, so that their
     *                      answers never hold up the other endpoints' batches; 0 = no slow lane
     * @param slowThreshold an attempt still unanswered after this marks its endpoint slow on this node
     * @param slowSettle    a slow endpoint returns to the regular lanes after this long without another slow attempt
     * @param workerId      name written to the attempt log; defaults to host name + pid
     */
    public record Delivery(@Min(0) @Max(64) @DefaultValue("2") int workers,
                           @Min(1) @Max(1000) @DefaultValue("100") int batchSize,
                           @NotNull @DefaultValue("100ms") Duration pollInterval,
                           @NotNull @DefaultValue("1s") Duration maxIdleInterval,
                           @NotNull @DefaultValue("30s") Duration lease,
                           @NotNull @DefaultValue("5s") Duration connectTimeout,
                           @NotNull @DefaultValue("15s") Duration readTimeout,
                           @Min(0) @Max(16) @DefaultValue("1") int slowLaneWorkers,
                           @NotNull @DefaultValue("2s") Duration slowThreshold,
                           @NotNull @DefaultValue("1m") Duration slowSettle,
                           String workerId) {

        /** A node that does not deliver has no slow lane either. */
        public int activeSlowLaneWorkers() {
            return workers == 0 ? 0 : slowLaneWorkers;
        }

        @AssertTrue(message = "max-idle-interval must not be shorter than poll-interval")
        public boolean isIdleBackoffOrdered() {
            return pollInterval == null || maxIdleInterval == null || maxIdleInterval.compareTo(pollInterval) >= 0;
        }

        @AssertTrue(message = "connect-timeout + read-timeout must be shorter than the lease")
        public boolean isTimeoutWithinLease() {
            return lease == null || connectTimeout == null || readTimeout == null
                    || connectTimeout.plus(readTimeout).compareTo(lease) < 0;
        }

        /** No attempt lasts longer than connect + read timeout, so a threshold at or above it would never trigger. */
        @AssertTrue(message = "slow-threshold must be positive and shorter than connect-timeout + read-timeout")
        public boolean isSlowThresholdReachable() {
            return slowThreshold == null || connectTimeout == null || readTimeout == null
                    || (slowThreshold.compareTo(Duration.ZERO) > 0 && slowThreshold.compareTo(connectTimeout.plus(readTimeout)) < 0);
        }

        @AssertTrue(message = "slow-settle must be positive")
        public boolean isSlowSettlePositive() {
            return slowSettle == null || slowSettle.compareTo(Duration.ZERO) > 0;
        }
    }

    /** @param transport {@code in-process} (write to the outbox directly) or {@code kafka} (publish to the platform topic) */
    public record PlatformEvents(@NotNull @DefaultValue("in-process") Transport transport) {
    }

    public enum Transport { IN_PROCESS, KAFKA }

    /**
     * @param enabled        run the outbox relay and the platform-event consumer
     * @param eventsTopic    every outbox event is published here, keyed by partner id
     * @param platformTopic  booking events of the core platform, ingested into the outbox
     * @param groupId        consumer group of the platform-event consumer
     * @param relayBatchSize events published per relay round
     * @param relayInterval  idle wait of the relay when nothing was unpublished
     */
    public record Kafka(@DefaultValue("false") boolean enabled,
                        @NotBlank @DefaultValue("hub.webhooks.events") String eventsTopic,
                        @NotBlank @DefaultValue("barberpro.platform.events") String platformTopic,
                        @NotBlank @DefaultValue("hub-webhooks") String groupId,
                        @Min(1) @Max(10000) @DefaultValue("500") int relayBatchSize,
                        @NotNull @DefaultValue("200ms") Duration relayInterval) {
    }
}
