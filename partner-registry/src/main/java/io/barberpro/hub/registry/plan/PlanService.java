package io.barberpro.hub.registry.plan;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/** Plans are created and read; a plan in use is never changed under its partners' feet. */
public class PlanService {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final JdbcPlanRepository plans;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final Clock clock;

    public PlanService(JdbcPlanRepository plans, JdbcAuditLog audit, RegistryChanges changes, Clock clock) {
        this.plans = plans;
        this.audit = audit;
        this.changes = changes;
        this.clock = clock;
    }

    public List<Plan> list() {
        return plans.all();
    }

    public Plan get(String name) {
        return plans.find(name).orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown plan"));
    }

    public Plan create(Actor actor, CreatePlanRequest request) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("name", request.name()) && !NAME.matcher(request.name()).matches()) {
            errors.add("name", "must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        errors.positive("quota", request.quota(), true);
        errors.positive("windowSeconds", request.windowSeconds(), true);
        validateSpike(errors, request.spikeQuota(), request.spikeWindowSeconds(), request.windowSeconds());
        errors.text("description", request.description(), 500, false);
        errors.throwIfAny();
        Plan plan = new Plan(request.name(), request.quota(), request.windowSeconds(), request.spikeQuota(),
                request.spikeWindowSeconds(), request.description(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        return changes.apply(() -> {
            if (plans.find(plan.name()).isPresent()) {
                throw new HubProblemException(HubError.DUPLICATE, "A plan named '" + plan.name() + "' already exists");
            }
            plans.insert(plan);
            audit.record(actor, "plan.created", "plan", plan.name(), null, null, plan);
            return plan;
        });
    }

    /** Shared by plans and per-partner overrides: spike fields go together and fit inside the window. */
    public static void validateSpike(FieldErrors errors, Long spikeQuota, Long spikeWindowSeconds, Long windowSeconds) {
        errors.positive("spikeQuota", spikeQuota, false);
        errors.positive("spikeWindowSeconds", spikeWindowSeconds, false);
        if ((spikeQuota == null) != (spikeWindowSeconds == null)) {
            errors.add(spikeQuota == null ? "spikeQuota" : "spikeWindowSeconds",
                    "spikeQuota and spikeWindowSeconds go together");
        } else if (spikeWindowSeconds != null && windowSeconds != null && spikeWindowSeconds >= windowSeconds) {
            errors.add("spikeWindowSeconds", "must be shorter than windowSeconds");
        }
    }
}
