package io.barberpro.hub.registry.lookup;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the {@link CredentialIndex} from PostgreSQL: once at start-up (before the web server
 * accepts requests), right after every local registry commit ({@link RegistryChanges}), and
 * whenever the polled {@code registry_changes.version} differs from the served index — the last is
 * how a change made on another node reaches this one. Polling runs on its own daemon thread.
 */
public class CredentialIndexRefresher implements SmartLifecycle {

    /** Before Boot's web server (DEFAULT_PHASE - 1024) so no request ever sees an empty index. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger log = LoggerFactory.getLogger(CredentialIndexRefresher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshotTransaction;
    private final ObjectProvider<CredentialSource> sources;
    private final InMemoryCredentialLookup lookup;
    private final Duration interval;
    private volatile ScheduledExecutorService poller;

    public CredentialIndexRefresher(JdbcClient jdbc, PlatformTransactionManager transactionManager,
                                    ObjectProvider<CredentialSource> sources, InMemoryCredentialLookup lookup,
                                    Duration interval) {
        this.jdbc = jdbc;
        this.snapshotTransaction = new TransactionTemplate(transactionManager);
        // A new transaction even when called from an after-commit hook, one consistent snapshot for all sources.
        snapshotTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotTransaction.setReadOnly(true);
        this.sources = sources;
        this.lookup = lookup;
        this.interval = interval;
    }

    /**
     * Loads everything and swaps the new index in; concurrent callers rebuild one at a time, and a
     * caller whose change an earlier rebuild already picked up does not rebuild again.
     */
    public synchronized void refreshNow() {
        CredentialIndex served = lookup.currentIndex();
        CredentialIndex next = snapshotTransaction.execute(status -> {
            long version = currentVersion();
            if (version == served.version()) {
                return served;
            }
            CredentialIndex.Builder builder = CredentialIndex.builder(version);
            sources.orderedStream().forEach(source -> source.loadInto(builder));
            return builder.build();
        });
        if (next == served) {
            return;
        }
        lookup.swap(next);
        log.debug("Credential index rebuilt at registry version {} ({} partners)", next.version(), next.partnerCount());
    }

    /** After a local commit: failures only delay visibility until the next poll, so they do not fail the change. */
    void refreshAfterCommit() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            log.warn("Credential index rebuild after commit failed; the poller will retry: {}", e.toString());
        }
    }

    void pollOnce() {
        try {
            if (currentVersion() != lookup.currentIndex().version()) {
                refreshNow();
            }
        } catch (RuntimeException e) {
            log.warn("Registry change poll failed; lookups keep serving version {}: {}",
                    lookup.currentIndex().version(), e.toString());
        }
    }

    private long currentVersion() {
        return jdbc.sql("select version from registry_changes").query(Long.class).single();
    }

    @Override
    public void start() {
        refreshNow();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
        poller = executor;
        log.info("Credential index loaded at registry version {}; polling for changes every {}",
                lookup.currentIndex().version(), interval);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = poller;
        poller = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
