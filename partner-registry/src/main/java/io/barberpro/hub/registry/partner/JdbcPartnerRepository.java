package io.barberpro.hub.registry.partner;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.api.AuthMethod;
import io.barberpro.hub.registry.api.AuthPolicy;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.support.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

public class JdbcPartnerRepository {

    private final JdbcClient jdbc;

    public JdbcPartnerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Partner partner) {
        jdbc.sql("""
                        insert into partners (id, slug, legal_name, country, contact_email, status, plan_name,
                                              auth_allowed, auth_required, created_at, updated_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?, ?)""")
                .params(partner.id(), partner.slug(), partner.legalName(), partner.country(), partner.contactEmail(),
                        partner.status().name(), partner.plan(), methods(partner.authPolicy().allowed()),
                        methods(partner.authPolicy().required()), Sql.timestamp(partner.createdAt()),
                        Sql.timestamp(partner.updatedAt()), partner.version())
                .update();
    }

    /** Writes every mutable column and bumps the version. */
    public void update(Partner partner) {
        RateLimitOverride override = partner.rateLimitOverride();
        jdbc.sql("""
                        update partners set legal_name = ?, country = ?, contact_email = ?, status = ?, plan_name = ?,
                               override_quota = ?, override_window_seconds = ?, override_spike_quota = ?,
                               override_spike_window_seconds = ?, auth_allowed = ?::text[], auth_required = ?::text[],
                               updated_at = ?, version = ?
                        where id = ?""")
                .params(partner.legalName(), partner.country(), partner.contactEmail(), partner.status().name(),
                        partner.plan(), override == null ? null : override.quota(),
                        override == null ? null : override.windowSeconds(),
                        override == null ? null : override.spikeQuota(),
                        override == null ? null : override.spikeWindowSeconds(),
                        methods(partner.authPolicy().allowed()), methods(partner.authPolicy().required()),
                        Sql.timestamp(partner.updatedAt()), partner.version(), partner.id())
                .update();
    }

    public Optional<Partner> find(UUID id) {
        return jdbc.sql("select * from partners where id = ?").param(id).query(JdbcPartnerRepository::partner).optional();
    }

    /** Reads and row-locks the partner for the rest of the transaction. */
    public Optional<Partner> lock(UUID id) {
        return jdbc.sql("select * from partners where id = ? for update").param(id)
                .query(JdbcPartnerRepository::partner).optional();
    }

    /**
     * Inside the caller's transaction: the partner exists and may still be given credentials. "for
     * share" waits for a concurrent offboarding (which locks the row) and then sees its outcome.
     *
     * @throws HubProblemException {@link HubError#NOT_FOUND} for an unknown partner, {@link HubError#CONFLICT}
     *                             for an offboarded one
     */
    public void requireOpenForNewCredentials(UUID id) {
        String status = jdbc.sql("select status from partners where id = :id for share").param("id", id)
                .query(String.class).optional()
                .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "No partner " + id));
        if (PartnerStatus.OFFBOARDED.name().equals(status)) {
            throw new HubProblemException(HubError.CONFLICT, "An offboarded partner cannot get new credentials");
        }
    }

    public boolean slugExists(String slug) {
        return jdbc.sql("select count(*) from partners where slug = ?").param(slug).query(Long.class).single() > 0;
    }

    /** Oldest first; the keyset continues after {@code (afterCreatedAt, afterId)} when given. */
    public List<Partner> page(Instant afterCreatedAt, UUID afterId, int limit) {
        if (afterCreatedAt == null) {
            return jdbc.sql("select * from partners order by created_at, id limit ?").param(limit)
                    .query(JdbcPartnerRepository::partner).list();
        }
        return jdbc.sql("select * from partners where (created_at, id) > (?, ?) order by created_at, id limit ?")
                .params(Sql.timestamp(afterCreatedAt), afterId, limit)
                .query(JdbcPartnerRepository::partner).list();
    }

    public void recordTransition(UUID partnerId, PartnerStatus from, PartnerStatus to, String actor, String reason,
                                 Instant at) {
        jdbc.sql("""
                        insert into partner_status_transitions (partner_id, from_status, to_status, actor, reason, occurred_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(partnerId, from == null ? null : from.name(), to.name(), actor, reason, Sql.timestamp(at))
                .update();
    }

    public List<StatusTransition> transitions(UUID partnerId) {
        return jdbc.sql("select * from partner_status_transitions where partner_id = ? order by id")
                .param(partnerId)
                .query((rs, row) -> new StatusTransition(rs.getLong("id"),
                        rs.getString("from_status") == null ? null : PartnerStatus.valueOf(rs.getString("from_status")),
                        PartnerStatus.valueOf(rs.getString("to_status")), rs.getString("actor"), rs.getString("reason"),
                        Sql.instant(rs, "occurred_at")))
                .list();
    }

    static Partner partner(ResultSet rs, int row) throws SQLException {
        Long quota = Sql.nullableLong(rs, "override_quota");
        RateLimitOverride override = quota == null ? null : new RateLimitOverride(quota,
                Sql.nullableLong(rs, "override_window_seconds"), Sql.nullableLong(rs, "override_spike_quota"),
                Sql.nullableLong(rs, "override_spike_window_seconds"));
        return new Partner(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("legal_name"),
                rs.getString("country"), rs.getString("contact_email"), PartnerStatus.valueOf(rs.getString("status")),
                rs.getString("plan_name"), override, authPolicy(rs), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), rs.getLong("version"));
    }

    static AuthPolicy authPolicy(ResultSet rs) throws SQLException {
        return new AuthPolicy(methodSet(Sql.strings(rs, "auth_allowed")), methodSet(Sql.strings(rs, "auth_required")));
    }

    private static Set<AuthMethod> methodSet(List<String> names) {
        Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        names.forEach(name -> methods.add(AuthMethod.valueOf(name)));
        return methods;
    }

    private static String methods(Set<AuthMethod> methods) {
        return Sql.textArray(methods.stream().sorted().map(Enum::name).toList());
    }
}
