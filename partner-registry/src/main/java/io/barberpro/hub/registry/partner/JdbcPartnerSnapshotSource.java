package io.barberpro.hub.registry.partner;

import io.barberpro.hub.registry.api.PartnerSnapshot;
import io.barberpro.hub.registry.api.PartnerStatus;
import io.barberpro.hub.registry.api.RatePlan;
import io.barberpro.hub.registry.lookup.CredentialIndex;
import io.barberpro.hub.registry.lookup.CredentialSource;
import io.barberpro.hub.registry.support.Sql;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts every partner (any status) with its plan, override and auth policy into the index. */
public class JdbcPartnerSnapshotSource implements CredentialSource {

    private final JdbcClient jdbc;

    public JdbcPartnerSnapshotSource(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void loadInto(CredentialIndex.Builder builder) {
        jdbc.sql("""
                        select p.*, pl.quota, pl.window_seconds, pl.spike_quota, pl.spike_window_seconds
                        from partners p join plans pl on pl.name = p.plan_name""")
                .query(rs -> {
                    RatePlan plan = new RatePlan(rs.getString("plan_name"), rs.getLong("quota"),
                            Duration.ofSeconds(rs.getLong("window_seconds")), Sql.nullableLong(rs, "spike_quota"),
                            seconds(Sql.nullableLong(rs, "spike_window_seconds")));
                    Long overrideQuota = Sql.nullableLong(rs, "override_quota");
                    RatePlan override = overrideQuota == null ? null : new RatePlan(rs.getString("plan_name") + "+override",
                            overrideQuota, Duration.ofSeconds(rs.getLong("override_window_seconds")),
                            Sql.nullableLong(rs, "override_spike_quota"),
                            seconds(Sql.nullableLong(rs, "override_spike_window_seconds")));
                    builder.partner(new PartnerSnapshot(rs.getObject("id", UUID.class), rs.getString("slug"),
                            PartnerStatus.valueOf(rs.getString("status")), plan, override,
                            JdbcPartnerRepository.authPolicy(rs), null));
                });
    }

    private static Duration seconds(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
