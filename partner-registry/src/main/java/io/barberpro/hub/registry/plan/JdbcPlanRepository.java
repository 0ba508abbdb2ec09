package io.barberpro.hub.registry.plan;

import io.barberpro.hub.registry.support.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

public class JdbcPlanRepository {

    private final JdbcClient jdbc;

    public JdbcPlanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Plan> all() {
        return jdbc.sql("select * from plans order by name").query(JdbcPlanRepository::plan).list();
    }

    public Optional<Plan> find(String name) {
        return jdbc.sql("select * from plans where name = ?").param(name).query(JdbcPlanRepository::plan).optional();
    }

    public void insert(Plan plan) {
        jdbc.sql("""
                        insert into plans (name, quota, window_seconds, spike_quota, spike_window_seconds, description, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(plan.name(), plan.quota(), plan.windowSeconds(), plan.spikeQuota(), plan.spikeWindowSeconds(),
                        plan.description(), Sql.timestamp(plan.createdAt()))
                .update();
    }

    static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getString("name"), rs.getLong("quota"), rs.getLong("window_seconds"),
                Sql.nullableLong(rs, "spike_quota"), Sql.nullableLong(rs, "spike_window_seconds"),
                rs.getString("description"), Sql.instant(rs, "created_at"));
    }
}
