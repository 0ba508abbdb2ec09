package io.barberpro.hub.webhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One round of delivery: claim a batch of due rows of one {@link Lane}, send them concurrently, then
 * record every attempt and the rows' next state in one transaction. Stateless apart from its settings
 * and the node's {@link SlowEndpoints}, so any number of threads (and nodes) may run it side by side;
 * the lease keeps them apart.
 */
public class DeliveryWorker {

    /** Result of one attempt, as the {@code test} call reports it. */
    public record Attempt(long deliveryId, UUID eventId, UUID endpointId, Outcome outcome, int status,
                          long latencyMillis, String error) {
    }

    /** @param id written to the attempt log so a duplicate can be traced to the worker that sent it */
    public record Settings(String id, int batchSize, Duration lease, Duration disableAfter) {
    }

    private static final int MAX_CONCURRENT_SENDS = 256;

    private final JdbcDeliveryQueue queue;
    private final WebhookHttpClient http;
    private final EndpointDisabler disabler;
    private final TransactionTemplate transactions;
    private final RetrySchedule schedule;
    private final DeliveryMetrics metrics;
    private final SlowEndpoints slowEndpoints;
    private final ObjectMapper json;
    private final Clock clock;
    private final Settings settings;

    public DeliveryWorker(JdbcDeliveryQueue queue, WebhookHttpClient http, EndpointDisabler disabler,
                          TransactionTemplate transactions, RetrySchedule schedule, DeliveryMetrics metrics,
                          SlowEndpoints slowEndpoints, ObjectMapper json, Clock clock, Settings settings) {
        this.queue = queue;
        this.http = http;
        this.disabler = disabler;
        this.transactions = transactions;
        this.schedule = schedule;
        this.metrics = metrics;
        this.slowEndpoints = slowEndpoints;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /** @return how many rows of the lane were claimed (0 = nothing was due) */
    int runOnce(Lane lane) {
        Set<UUID> slowNow = slowEndpoints.current();
        if (lane == Lane.SLOW && slowNow.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Claim> claims = queue.claim(lane, slowNow, settings.batchSize(), now, now.plus(settings.lease()), UUID.randomUUID(),
                settings.id());
        if (!claims.isEmpty()) {
            deliver(claims);
        }
        return claims.size();
    }

    /** Leases one just-created delivery to this worker for an immediate attempt (the {@code test} call). */
    public Optional<Claim> claimNow(UUID eventId, UUID endpointId) {
        return queue.claimNow(eventId, endpointId, clock.instant().plus(settings.lease()), UUID.randomUUID(), settings.id());
    }

    /** Sends claimed rows and records the outcome; used by the loop and by the immediate {@code test} call. */
    public List<Attempt> deliver(List<Claim> claims) {
        Instant now = clock.instant();
        Map<UUID, StoredEvent> events = queue.events(claims.stream().map(Claim::eventId).distinct().toList());
        Map<UUID, Target> targets = queue.targets(claims.stream().map(Claim::endpointId).distinct().toList(), now);

        List<Claim> deferred = new ArrayList<>();
        List<Claim> sendable = new ArrayList<>();
        List<Mono<WebhookHttpClient.Response>> sends = new ArrayList<>();
        for (Claim claim : claims) {
            Target target = targets.get(claim.endpointId());
            StoredEvent event = events.get(claim.eventId());
            if (target == null || event == null) {
                continue; // deleted since the claim (endpoint removal cascades): nothing left to deliver
            }
            if (target.ratePerSecond() != null && !queue.takeRateToken(target.endpointId(), now.getEpochSecond())) {
                deferred.add(claim);
                continue;
            }
            sendable.add(claim);
            sends.add(target.secrets().isEmpty()
                    ? Mono.just(new WebhookHttpClient.Response(0, null, null, 0, "no active signing secret; rotate the secret"))
                    : slowEndpoints.watch(target.endpointId(), http.send(request(event, target, now))));
        }
        if (!deferred.isEmpty()) {
            queue.release(deferred, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        }
        if (sendable.isEmpty()) {
            return List.of();
        }

        List<WebhookHttpClient.Response> responses = Flux.fromIterable(sends)
                .flatMapSequential(send -> send, MAX_CONCURRENT_SENDS)
                .collectList()
                .block();

        Instant done = clock.instant();
        List<JdbcDeliveryQueue.Recorded> recorded = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < sendable.size(); i++) {
            Claim claim = sendable.get(i);
            WebhookHttpClient.Response response = responses.get(i);
            Outcome outcome;
            Instant next = null;
            if (response.delivered()) {
                outcome = Outcome.DELIVERED;
            } else if (response.status() == 410) {
                outcome = Outcome.GONE;
            } else {
                next = schedule.next(claim.attempts() + 1, done, response.retryAfter(), ThreadLocalRandom.current().nextDouble()).orElse(null);
                outcome = next == null ? Outcome.DEAD : Outcome.FAILED;
            }
            recorded.add(new JdbcDeliveryQueue.Recorded(claim, outcome, now, next, response, settings.id()));
            attempts.add(new Attempt(claim.deliveryId(), claim.eventId(), claim.endpointId(), outcome, response.status(),
                    response.latencyMillis(), response.error()));
        }
        transactions.executeWithoutResult(tx -> recordAll(recorded, done));
        recorded.forEach(r -> metrics.attempted(r.outcome()));
        return attempts;
    }

    private void recordAll(List<JdbcDeliveryQueue.Recorded> recorded, Instant done) {
        queue.record(recorded);
        Set<UUID> healthy = new LinkedHashSet<>();
        Map<UUID, Outcome> failing = new LinkedHashMap<>();
        for (JdbcDeliveryQueue.Recorded r : recorded) {
            UUID endpoint = r.claim().endpointId();
            if (r.outcome() == Outcome.DELIVERED) {
                healthy.add(endpoint);
            } else if (r.outcome() == Outcome.GONE || !failing.containsKey(endpoint)) {
                failing.put(endpoint, r.outcome());
            }
        }
        failing.keySet().removeAll(healthy);
        if (!healthy.isEmpty()) {
            queue.markHealthy(healthy);
        }
        failing.forEach((endpoint, outcome) -> {
            if (outcome == Outcome.GONE) {
                disabler.disable(endpoint, "the endpoint answered 410 Gone", done);
                return;
            }
            Instant since = queue.markFailing(endpoint, done);
            if (!since.plus(settings.disableAfter()).isAfter(done)) {
                disabler.disable(endpoint, "failing without a success since " + since, done);
            }
        });
    }

    private WebhookHttpClient.Request request(StoredEvent event, Target target, Instant now) {
        String body = body(event);
        long timestamp = now.getEpochSecond();
        String messageId = event.id().toString();
        String signature = WebhookSigner.signatureHeader(messageId, timestamp, body, target.secrets());
        return new WebhookHttpClient.Request(target.url(), messageId, timestamp, body, signature, target.headers());
    }

    /** The Standard Webhooks message shape; built from the stored row only, so every retry sends the same bytes. */
    String body(StoredEvent event) {
        try {
            return "{\"type\":" + json.writeValueAsString(event.type())
                    + ",\"timestamp\":\"" + event.occurredAt() + "\""
                    + ",\"data\":" + event.payloadJson() + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A string always serialises", e);
        }
    }
}
