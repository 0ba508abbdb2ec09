package io.barberpro.hub.registry.lookup;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How registry data changes become visible to every lookup, on every node.
 *
 * <p>Every transaction that changes registry data calls {@link #markChanged()}: it bumps the single
 * {@code registry_changes.version} row in that same transaction, and registers an after-commit hook
 * that rebuilds this node's index synchronously, so the change is visible to lookups by the time
 * the admin call returns. Other nodes notice the new version within
 * {@code hub.registry.refresh-interval} (their {@link CredentialIndexRefresher} polls it) and rebuild.
 * The version row also serialises concurrent registry changes, which keeps the version order equal
 * to the commit order.
 */
public class RegistryChanges {

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final CredentialIndexRefresher refresher;

    public RegistryChanges(TransactionTemplate transactions, JdbcClient jdbc, Clock clock,
                           CredentialIndexRefresher refresher) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.refresher = refresher;
    }

    /** Runs {@code change} in a new transaction (or the caller's) and marks the registry changed. */
    public <T> T apply(Supplier<T> change) {
        return transactions.execute(status -> {
            T result = change.get();
            markChanged();
            return result;
        });
    }

    /** Must run inside the transaction of a registry change; idempotent within one transaction. */
    public void markChanged() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("registry changes must run inside a transaction");
        }
        boolean alreadyMarked = TransactionSynchronizationManager.getSynchronizations().stream()
                .anyMatch(RefreshAfterCommit.class::isInstance);
        if (alreadyMarked) {
            return;
        }
        jdbc.sql("update registry_changes set version = version + 1, changed_at = ? where id")
                .param(Timestamp.from(clock.instant()))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new RefreshAfterCommit(refresher));
    }

    private record RefreshAfterCommit(CredentialIndexRefresher refresher) implements TransactionSynchronization {

        @Override
        public void afterCommit() {
            refresher.refreshAfterCommit();
        }
    }
}
