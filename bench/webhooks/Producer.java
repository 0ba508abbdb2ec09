import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Event producer for the webhook benches (run as {@code java -cp postgresql.jar Producer.java ...}).
 *
 * <p>Writes what {@code Outbox.append} writes, in one transaction per batch: the event rows in
 * {@code webhook_events} and one {@code webhook_deliveries} row per subscribed, enabled, unordered
 * endpoint of the partner ({@code order_seq} = the event's {@code seq}, {@code next_attempt_at} =
 * {@code created_at} = now). The payload carries the event id ({@code ev}, so a receiver can tie a
 * request to its event) and {@code t_us}, the producer's clock in epoch microseconds taken just before
 * the insert, so commit-to-receipt latency measured from it errs on the long side by the insert+commit time.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code rate URL PARTNER RATE SECONDS [MAX_EVENTS]}: a fixed offered rate, one transaction every 10 ms
 *       with the events due by then; reconnects and goes on when the database goes away (chaos run).</li>
 *   <li>{@code backlog URL PARTNER LOW HIGH SECONDS}: keeps the pending queue between LOW and HIGH rows,
 *       so the delivery side runs flat out without an ever-growing table (throughput run).</li>
 * </ul>
 * Prints {@code produced=N transactions=T errors=E} and the stamp-to-commit time percentiles when it ends
 * (normally or by SIGTERM).
 */
public class Producer {

    static final String INSERT = """
            with ev as (
                insert into webhook_events (id, type, partner_id, payload, occurred_at, recorded_at)
                select u.id, 'booking.created', ?, jsonb_build_object(
                        'ev', u.id::text, 't_us', ?::bigint, 'n', u.n,
                        'booking', jsonb_build_object('id', u.id::text, 'shopId', 'shop-0042', 'service', 'Haircut & beard trim',
                            'startsAt', '2026-12-01T10:30:00Z', 'durationMinutes', 45, 'priceCents', 3500, 'currency', 'EUR')),
                       ?, ?
                from unnest(?::uuid[]) with ordinality as u(id, n)
                on conflict (id) do nothing
                returning id, seq, type, partner_id)
            insert into webhook_deliveries (event_id, endpoint_id, order_seq, status, next_attempt_at, created_at)
            select ev.id, e.id, ev.seq, 'PENDING', ?, ?
            from ev join webhook_endpoints e on e.partner_id = ev.partner_id
            where e.enabled and not e.ordered and (cardinality(e.event_types) = 0 or ev.type = any(e.event_types))""";

    static String url;
    static UUID partner;
    static Connection connection;
    static volatile long produced;
    static volatile long transactions;
    static volatile long errors;
    /** Stamp-to-commit-return time of every transaction, so a receiver-side latency can be told apart from a slow commit. */
    static final long[] commitMicros = new long[1 << 20];
    static volatile int commits;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        url = args[1];
        partner = UUID.fromString(args[2]);
        // the chaos drill stops the producer with SIGTERM: report what was committed anyway
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> System.out.println("produced=" + produced + " transactions=" + transactions + " errors=" + errors
                        + " insert+commit_ms p50=" + percentile(0.5) + " p99=" + percentile(0.99) + " max=" + percentile(1.0))));
        if ("rate".equals(mode)) {
            rate(Double.parseDouble(args[3]), Long.parseLong(args[4]), args.length > 5 ? Long.parseLong(args[5]) : Long.MAX_VALUE);
        } else if ("backlog".equals(mode)) {
            backlog(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
        } else {
            throw new IllegalArgumentException("mode: rate | backlog");
        }
    }

    static void rate(double perSecond, long seconds, long maxEvents) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long tick = 10_000_000L;
        long next = start;
        while (System.nanoTime() < end && produced < maxEvents) {
            long due = Math.min(maxEvents, (long) ((System.nanoTime() - start) / 1e9 * perSecond)) - produced;
            if (due > 0) {
                insertSafely((int) Math.min(due, 5000));
            }
            next += tick;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
    }

    static void backlog(int low, int high, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                int pending = pending();
                if (pending < low) {
                    for (int missing = high - pending; missing > 0; missing -= 1000) {
                        insertSafely(Math.min(1000, missing));
                    }
                } else {
                    Thread.sleep(20);
                }
            } catch (SQLException e) {
                errors++;
                reset();
                Thread.sleep(200);
            }
        }
    }

    static int pending() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(
                "select count(*) from webhook_deliveries where status = 'PENDING'")) {
            connection.setAutoCommit(true);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void insertSafely(int count) throws InterruptedException {
        try {
            insert(count);
        } catch (SQLException e) {
            // the outcome of a commit that failed is unknown; the checks read the events table, not this count
            errors++;
            reset();
            Thread.sleep(200);
        }
    }

    static void insert(int count) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        UUID[] ids = new UUID[count];
        for (int i = 0; i < count; i++) {
            ids[i] = UUID.randomUUID();
        }
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Array array = c.createArrayOf("uuid", ids);
            ps.setObject(1, partner);
            ps.setLong(2, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
            ps.setTimestamp(3, ts);
            ps.setTimestamp(4, ts);
            ps.setArray(5, array);
            ps.setTimestamp(6, ts);
            ps.setTimestamp(7, ts);
            ps.executeUpdate();
            c.commit();
            if (commits < commitMicros.length) {
                Instant done = Instant.now();
                commitMicros[commits++] = (done.getEpochSecond() - now.getEpochSecond()) * 1_000_000L + (done.getNano() - now.getNano()) / 1_000;
            }
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; reset() replaces it
            }
            throw e;
        }
        produced += count;
        transactions++;
    }

    static String percentile(double p) {
        int n = commits;
        if (n == 0) {
            return "n/a";
        }
        long[] sorted = java.util.Arrays.copyOf(commitMicros, n);
        java.util.Arrays.sort(sorted);
        return String.format("%.1f", sorted[(int) Math.min(n - 1, Math.ceil(p * n) - 1 < 0 ? 0 : Math.ceil(p * n) - 1)] / 1000.0);
    }

    static Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, "postgres", "");
        }
        return connection;
    }

    static void reset() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }
}
