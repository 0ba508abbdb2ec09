package io.barberpro.hub.webhooks.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.WebhookEndpointProvisioner;
import io.barberpro.hub.webhooks.delivery.Claim;
import io.barberpro.hub.webhooks.delivery.DeliveryWorker;
import io.barberpro.hub.webhooks.delivery.EndpointDisabler;
import io.barberpro.hub.webhooks.delivery.OutboundRefusedException;
import io.barberpro.hub.webhooks.delivery.OutboundUrlPolicy;
import io.barberpro.hub.webhooks.delivery.WebhookHttpClient;
import io.barberpro.hub.webhooks.delivery.WebhookSigner;
import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.OutboxEvent;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Managing a partner's endpoints: the rules (SSRF guard, header hygiene, secret rotation) in one
 * place for the admin API, the partner API and onboarding. Blocking; call it off the event loop.
 */
public class EndpointService implements WebhookEndpointProvisioner {

    public static final String TEST_EVENT_TYPE = "webhook.test";

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final int MAX_EVENT_TYPES = 64;
    private static final int MAX_HEADERS = 20;
    private static final int MAX_URL = 2048;

    /** @param secret shown once */
    public record Created(WebhookEndpoint endpoint, String secret) {
    }

    /** @param secret the new secret, shown once; the previous ones keep signing until {@code previousExpiresAt} */
    public record Rotated(UUID endpointId, String secret, Instant previousExpiresAt) {
    }

    private final JdbcEndpointStore store;
    private final OutboundUrlPolicy policy;
    private final EndpointDisabler disabler;
    private final Outbox outbox;
    private final DeliveryWorker worker;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration defaultOverlap;
    private final SecureRandom random = new SecureRandom();

    public EndpointService(JdbcClient jdbc, ObjectMapper json, OutboundUrlPolicy policy, EndpointDisabler disabler, Outbox outbox,
                           DeliveryWorker worker, TransactionTemplate transactions, Clock clock,
                           Duration defaultOverlap) {
        this.store = new JdbcEndpointStore(jdbc, json);
        this.policy = policy;
        this.disabler = disabler;
        this.outbox = outbox;
        this.worker = worker;
        this.transactions = transactions;
        this.clock = clock;
        this.defaultOverlap = defaultOverlap;
    }

    public Created create(UUID partnerId, EndpointRequest request) {
        validate(request, true);
        return transactions.execute(tx -> createInTransaction(partnerId, request));
    }

    private Created createInTransaction(UUID partnerId, EndpointRequest request) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret(random);
        store.insert(id, partnerId, request, now);
        store.insertSecret(id, secret, now);
        return new Created(store.find(partnerId, id).orElseThrow(), secret);
    }

    public List<WebhookEndpoint> list(UUID partnerId, int limit, int offset) {
        return store.list(partnerId, limit, offset);
    }

    public WebhookEndpoint get(UUID partnerId, UUID id) {
        return store.find(partnerId, id).orElseThrow(EndpointService::notFound);
    }

    public WebhookEndpoint update(UUID partnerId, UUID id, EndpointRequest patch) {
        validate(patch, false);
        return transactions.execute(tx -> {
            WebhookEndpoint current = get(partnerId, id);
            Instant now = clock.instant();
            store.update(id, patch, now);
            if (Boolean.FALSE.equals(patch.enabled()) && current.enabled()) {
                disabler.disable(id, "disabled by request", now);
            } else if (Boolean.TRUE.equals(patch.enabled()) && !current.enabled()) {
                store.enable(id, now);
            }
            return get(partnerId, id);
        });
    }

    public void delete(UUID partnerId, UUID id) {
        Boolean deleted = transactions.execute(tx -> store.delete(partnerId, id));
        if (!Boolean.TRUE.equals(deleted)) {
            throw notFound();
        }
    }

    /** New secret now; the current ones keep signing (and verifying at the receiver) until the overlap ends. */
    public Rotated rotate(UUID partnerId, UUID id, Duration overlap) {
        Duration keep = overlap == null ? defaultOverlap : overlap;
        if (keep.isNegative() || keep.compareTo(Duration.ofDays(7)) > 0) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "overlap must be between PT0S and P7D");
        }
        return transactions.execute(tx -> {
            get(partnerId, id);
            Instant now = clock.instant();
            Instant until = now.plus(keep);
            store.expireSecrets(id, until);
            String secret = WebhookSigner.newSecret(random);
            store.insertSecret(id, secret, now);
            return new Rotated(id, secret, until);
        });
    }

    /** Sends a signed {@code webhook.test} to this endpoint at once and reports the attempt. */
    public DeliveryWorker.Attempt test(UUID partnerId, UUID id) {
        Claim claim = transactions.execute(tx -> {
            WebhookEndpoint endpoint = get(partnerId, id);
            if (!endpoint.enabled()) {
                throw new HubProblemException(HubError.CONFLICT, "The endpoint is disabled; enable it before testing");
            }
            Instant now = clock.instant();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("endpointId", id.toString());
            payload.put("message", "Test event from BarberPro Partner Hub");
            OutboxEvent event = new OutboxEvent(UUID.randomUUID(), TEST_EVENT_TYPE, partnerId, now, payload);
            outbox.appendForEndpoint(event, id);
            // Leased inside the creating transaction so no background worker sends it as well.
            return worker.claimNow(event.id(), id).orElseThrow();
        });
        return worker.deliver(List.of(claim)).stream().findFirst()
                .orElseThrow(() -> new HubProblemException(HubError.CONFLICT,
                        "The endpoint's rate limit is used up for this second; try again"));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public ProvisionedEndpoint provision(UUID partnerId, URI url) {
        EndpointRequest request = new EndpointRequest(url.toString(), "Created at onboarding", List.of(), false, null, Map.of(), null);
        validate(request, true);
        Created created = createInTransaction(partnerId, request);
        return new ProvisionedEndpoint(created.endpoint().id(), url, created.secret());
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void disableAll(UUID partnerId) {
        Instant now = clock.instant();
        store.enabledIds(partnerId).forEach(id -> disabler.disable(id, "partner offboarded", now));
    }

    private void validate(EndpointRequest request, boolean creating) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (creating && (request.url() == null || request.url().isBlank())) {
            errors.add(error("url", "is required"));
        }
        if (request.url() != null) {
            if (request.url().length() > MAX_URL) {
                errors.add(error("url", "is longer than " + MAX_URL + " characters"));
            } else {
                try {
                    policy.checkForRegistration(URI.create(request.url()));
                } catch (IllegalArgumentException e) {
                    errors.add(error("url", "is not a valid URL"));
                } catch (OutboundRefusedException e) {
                    errors.add(error("url", e.getMessage()));
                }
            }
        }
        if (request.description() != null && request.description().length() > 500) {
            errors.add(error("description", "is longer than 500 characters"));
        }
        if (request.eventTypes() != null) {
            if (request.eventTypes().size() > MAX_EVENT_TYPES) {
                errors.add(error("eventTypes", "has more than " + MAX_EVENT_TYPES + " entries"));
            }
            request.eventTypes().stream().filter(t -> t == null || !EVENT_TYPE.matcher(t).matches()).findFirst()
                    .ifPresent(t -> errors.add(error("eventTypes", "contains an invalid event type")));
        }
        if (request.rateLimitPerSecond() != null && (request.rateLimitPerSecond() < (creating ? 1 : 0)
                || request.rateLimitPerSecond() > 10_000)) {
            errors.add(error("rateLimitPerSecond", creating ? "must be between 1 and 10000"
                    : "must be between 1 and 10000, or 0 to remove the limit"));
        }
        if (request.headers() != null) {
            if (request.headers().size() > MAX_HEADERS) {
                errors.add(error("headers", "has more than " + MAX_HEADERS + " entries"));
            }
            request.headers().forEach((name, value) -> {
                if (name == null || !HEADER_NAME.matcher(name).matches()) {
                    errors.add(error("headers", "has an invalid header name"));
                } else if (WebhookHttpClient.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    errors.add(error("headers", "may not set " + name.toLowerCase(Locale.ROOT)));
                } else if (value == null || value.length() > 1024 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    errors.add(error("headers", "has an invalid value for " + name));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "One or more fields are invalid", Map.of("errors", errors));
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static HubProblemException notFound() {
        return new HubProblemException(HubError.NOT_FOUND, "No such webhook endpoint");
    }
}
