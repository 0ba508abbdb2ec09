package io.barberpro.hub.registry.partner;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.events.PartnerStatusChanged;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.plan.JdbcPlanRepository;
import io.barberpro.hub.registry.plan.PlanService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;

/**
 * The partner aggregate's rules: validation, the lifecycle {@code pending → active ⇄ suspended →
 * offboarded} (offboarded is final; every step recorded with who, when and why), and offboarding's
 * all-or-nothing credential revocation. Every change runs in one transaction with its audit entry
 * and its domain event, and marks the registry changed.
 */
public class PartnerService {

    public static final String DEFAULT_PLAN = "standard";

    private final JdbcPartnerRepository partners;
    private final JdbcPlanRepository plans;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<PartnerCredentialRevoker> revokers;
    private final Clock clock;

    public PartnerService(JdbcPartnerRepository partners, JdbcPlanRepository plans, JdbcAuditLog audit,
                          RegistryChanges changes, ApplicationEventPublisher events,
                          ObjectProvider<PartnerCredentialRevoker> revokers, Clock clock) {
        this.partners = partners;
        this.plans = plans;
        this.audit = audit;
        this.changes = changes;
        this.events = events;
        this.revokers = revokers;
        this.clock = clock;
    }

    /** Field checks of a new partner, into {@code errors}, for callers that validate more fields at once. */
    public static void validate(FieldErrors errors, NewPartner request) {
        errors.slug("slug", request.slug(), true);
        errors.text("legalName", request.legalName(), 200, true);
        errors.country("country", request.country(), true);
        errors.email("contactEmail", request.contactEmail(), true);
        errors.text("plan", request.plan(), 63, false);
    }

    public Partner create(Actor actor, NewPartner request) {
        FieldErrors errors = new FieldErrors();
        validate(errors, request);
        errors.throwIfAny();
        return changes.apply(() -> createInTransaction(actor, request, PartnerStatus.PENDING, "created"));
    }

    /** Creates a validated partner inside the caller's transaction (onboarding creates it active). */
    public Partner createInTransaction(Actor actor, NewPartner request, PartnerStatus status, String reason) {
        String plan = request.plan() == null ? DEFAULT_PLAN : request.plan();
        requirePlan(plan);
        if (partners.slugExists(request.slug())) {
            throw duplicateSlug(request.slug());
        }
        Instant now = now();
        Partner partner = new Partner(UUID.randomUUID(), request.slug(), request.legalName(), request.country(),
                request.contactEmail(), status, plan, null, AuthPolicy.ANY, now, now, 0);
        try {
            partners.insert(partner);
        } catch (DuplicateKeyException e) {
            throw duplicateSlug(request.slug());
        }
        partners.recordTransition(partner.id(), null, status, actor.name(), reason, now);
        audit.record(actor, "partner.created", "partner", partner.id().toString(), partner.id(), null, partner);
        changes.markChanged();
        return partner;
    }

    public Partner get(UUID id) {
        return partners.find(id).orElseThrow(PartnerService::notFound);
    }

    public List<Partner> page(Instant afterCreatedAt, UUID afterId, int limit) {
        return partners.page(afterCreatedAt, afterId, limit);
    }

    public List<StatusTransition> transitions(UUID id) {
        get(id);
        return partners.transitions(id);
    }

    public Partner update(Actor actor, UUID id, PartnerChanges request) {
        FieldErrors errors = new FieldErrors();
        errors.text("legalName", request.legalName(), 200, false);
        errors.country("country", request.country(), false);
        errors.email("contactEmail", request.contactEmail(), false);
        errors.text("plan", request.plan(), 63, false);
        errors.throwIfAny();
        return changes.apply(() -> {
            Partner before = lockChangeable(id);
            if (request.plan() != null) {
                requirePlan(request.plan());
            }
            Partner after = new Partner(before.id(), before.slug(),
                    request.legalName() != null ? request.legalName() : before.legalName(),
                    request.country() != null ? request.country() : before.country(),
                    request.contactEmail() != null ? request.contactEmail() : before.contactEmail(),
                    before.status(), request.plan() != null ? request.plan() : before.plan(),
                    before.rateLimitOverride(), before.authPolicy(), before.createdAt(), now(), before.version() + 1);
            partners.update(after);
            audit.record(actor, "partner.updated", "partner", id.toString(), id, before, after);
            return after;
        });
    }

    /** {@code null} removes the override. */
    public Partner setRateLimit(Actor actor, UUID id, RateLimitOverride override) {
        if (override != null) {
            FieldErrors errors = new FieldErrors();
            errors.positive("quota", override.quota(), true);
            errors.positive("windowSeconds", override.windowSeconds(), true);
            PlanService.validateSpike(errors, override.spikeQuota(), override.spikeWindowSeconds(),
                    override.windowSeconds());
            errors.throwIfAny();
        }
        return changes.apply(() -> {
            Partner before = lockChangeable(id);
            Partner after = new Partner(before.id(), before.slug(), before.legalName(), before.country(),
                    before.contactEmail(), before.status(), before.plan(), override, before.authPolicy(),
                    before.createdAt(), now(), before.version() + 1);
            partners.update(after);
            audit.record(actor, override == null ? "partner.rate-limit.cleared" : "partner.rate-limit.set",
                    "partner", id.toString(), id, before.rateLimitOverride(), override);
            return after;
        });
    }

    public Partner setAuthPolicy(Actor actor, UUID id, AuthPolicyRequest request) {
        FieldErrors errors = new FieldErrors();
        Set<AuthMethod> allowed = methods(errors, "allowed", request.allowed(), true);
        Set<AuthMethod> required = methods(errors, "required", request.required(), false);
        if (errors.isEmpty() && !allowed.containsAll(required)) {
            errors.add("required", "every required method must also be allowed");
        }
        errors.throwIfAny();
        AuthPolicy policy = new AuthPolicy(allowed, required);
        return changes.apply(() -> {
            Partner before = lockChangeable(id);
            Partner after = new Partner(before.id(), before.slug(), before.legalName(), before.country(),
                    before.contactEmail(), before.status(), before.plan(), before.rateLimitOverride(), policy,
                    before.createdAt(), now(), before.version() + 1);
            partners.update(after);
            audit.record(actor, "partner.auth-policy.set", "partner", id.toString(), id, before.authPolicy(), policy);
            return after;
        });
    }

    public Partner activate(Actor actor, UUID id, String reason) {
        return transition(actor, id, EnumSet.of(PartnerStatus.PENDING), PartnerStatus.ACTIVE, reason, "partner.activated");
    }

    public Partner suspend(Actor actor, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw FieldErrors.single("reason", "must be present to suspend a partner");
        }
        return transition(actor, id, EnumSet.of(PartnerStatus.ACTIVE), PartnerStatus.SUSPENDED, reason, "partner.suspended");
    }

    public Partner reactivate(Actor actor, UUID id, String reason) {
        return transition(actor, id, EnumSet.of(PartnerStatus.SUSPENDED), PartnerStatus.ACTIVE, reason, "partner.reactivated");
    }

    /**
     * Offboards the partner and revokes every credential it has, through every
     * {@link PartnerCredentialRevoker}, in one transaction: if any revocation fails nothing changes.
     */
    public Partner offboard(Actor actor, UUID id, String reason) {
        String why = reason == null || reason.isBlank() ? "offboarded" : reason;
        return transition(actor, id, EnumSet.of(PartnerStatus.PENDING, PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED),
                PartnerStatus.OFFBOARDED, why, "partner.offboarded");
    }

    private Partner transition(Actor actor, UUID id, Set<PartnerStatus> from, PartnerStatus to, String reason,
                               String action) {
        if (reason != null && reason.length() > 500) {
            throw FieldErrors.single("reason", "must be at most 500 characters");
        }
        return changes.apply(() -> {
            Partner before = partners.lock(id).orElseThrow(PartnerService::notFound);
            if (!from.contains(before.status())) {
                throw new HubProblemException(HubError.CONFLICT,
                        "A " + before.status().name().toLowerCase(java.util.Locale.ROOT) + " partner cannot become " + to.name().toLowerCase(java.util.Locale.ROOT));
            }
            Instant now = now();
            Partner after = new Partner(before.id(), before.slug(), before.legalName(), before.country(),
                    before.contactEmail(), to, before.plan(), before.rateLimitOverride(), before.authPolicy(),
                    before.createdAt(), now, before.version() + 1);
            partners.update(after);
            partners.recordTransition(id, before.status(), to, actor.name(), reason, now);
            Map<String, Object> revoked = new LinkedHashMap<>();
            if (to == PartnerStatus.OFFBOARDED) {
                revokers.orderedStream().forEach(revoker -> revoked.put(revoker.kind(), revoker.revokeAll(id, reason)));
            }
            Map<String, Object> afterAudit = new LinkedHashMap<>();
            afterAudit.put("status", to);
            afterAudit.put("reason", reason);
            if (!revoked.isEmpty()) {
                afterAudit.put("revokedCredentials", revoked);
            }
            audit.record(actor, action, "partner", id.toString(), id, Map.of("status", before.status()), afterAudit);
            events.publishEvent(new PartnerStatusChanged(UUID.randomUUID(), id, before.status(), to, reason, now));
            return after;
        });
    }

    private Partner lockChangeable(UUID id) {
        Partner partner = partners.lock(id).orElseThrow(PartnerService::notFound);
        if (partner.isOffboarded()) {
            throw new HubProblemException(HubError.CONFLICT, "An offboarded partner cannot be changed");
        }
        return partner;
    }

    private void requirePlan(String plan) {
        if (plans.find(plan).isEmpty()) {
            throw FieldErrors.single("plan", "is not a known plan");
        }
    }

    private static Set<AuthMethod> methods(FieldErrors errors, String field, List<String> names, boolean required) {
        Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        if (names == null) {
            if (required) {
                errors.required(field, null);
            }
            return methods;
        }
        if (required && names.isEmpty()) {
            errors.add(field, "must name at least one method");
        }
        for (int i = 0; i < names.size(); i++) {
            try {
                methods.add(AuthMethod.valueOf(String.valueOf(names.get(i))));
            } catch (IllegalArgumentException e) {
                errors.add(field + "[" + i + "]", "must be one of MTLS, OAUTH2_JWT, API_KEY");
            }
        }
        return methods;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static HubProblemException notFound() {
        return new HubProblemException(HubError.NOT_FOUND, "Unknown partner");
    }

    static HubProblemException duplicateSlug(String slug) {
        return new HubProblemException(HubError.DUPLICATE, "A partner with slug '" + slug + "' already exists");
    }
}
