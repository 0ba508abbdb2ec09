package io.barberpro.hub.registry.support;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Small JDBC conversions the registry repositories share. */
public final class Sql {

    private Sql() {
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * A PostgreSQL array literal for a {@code ?::text[]} parameter. Only for values already validated
     * to be free of quotes, backslashes and braces (enum names, scopes).
     */
    public static String textArray(Collection<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "{", "}"));
    }

    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
