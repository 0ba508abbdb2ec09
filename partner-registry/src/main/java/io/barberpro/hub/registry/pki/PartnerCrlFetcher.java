package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the revocation lists of partner CAs that have a distribution point current: each list is fetched
 * again every {@code interval}, and every {@code staleRetry} while the published one is past its
 * nextUpdate (the edge may then be refusing that CA's certificates). A fetched list is published like
 * one an admin puts, with the same checks; a fetch that fails, or a list that fails them, leaves the last
 * good list in force and is recorded as the source's last error, logged and counted
 * ({@code hub.pki.crl.fetches} by outcome). One node of a cluster fetches each list: the claim is a row update.
 */
public class PartnerCrlFetcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartnerCrlFetcher.class);
    private static final String METRIC = "hub.pki.crl.fetches";

    private final PartnerClientCaService cas;
    private final CrlDownloader downloader;
    private final JdbcAuditLog audit;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Duration staleRetry;
    private volatile ScheduledExecutorService scheduler;

    PartnerCrlFetcher(PartnerClientCaService cas, CrlDownloader downloader, JdbcAuditLog audit,
                      PlatformTransactionManager transactionManager, MeterRegistry meters, Duration interval,
                      Duration staleRetry) {
        this.cas = cas;
        this.downloader = downloader;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.meters = meters;
        this.interval = interval;
        this.staleRetry = staleRetry;
    }

    /** Fetches every list that is due now, one after the other; returns how many were due. */
    public int fetchDue() {
        List<JdbcPartnerClientCaRepository.DueCrlSource> due = cas.claimDueCrlSources(interval, staleRetry);
        due.forEach(this::fetch);
        return due.size();
    }

    private void fetch(JdbcPartnerClientCaRepository.DueCrlSource source) {
        String outcome;
        try {
            byte[] list = downloader.download(source.url());
            outcome = transactions.execute(status -> {
                PartnerClientCaService.CrlPublication publication = cas.publishCrl(source.partnerId(), source.caId(), list);
                if (publication.changed()) {
                    audit.record(Actor.SYSTEM, "client-ca.crl-fetched", PartnerClientCaAdminHandler.TARGET,
                            source.caId().toString(), source.partnerId(), null, publication.crl());
                }
                cas.recordCrlCheck(source.caId(), null);
                return publication.changed() ? "published" : "unchanged";
            });
        } catch (CrlDownloader.CrlDownloadException e) {
            outcome = failed(source, e.getMessage());
        } catch (HubProblemException e) {
            outcome = failed(source, source.url() + " served a list that was refused: " + describe(e));
        } catch (RuntimeException e) {
            outcome = failed(source, source.url() + " could not be published: " + e);
        }
        meters.counter(METRIC, "outcome", outcome).increment();
    }

    private String failed(JdbcPartnerClientCaRepository.DueCrlSource source, String error) {
        log.warn("CRL of partner {} client CA {} not refreshed; the last published list stays in force: {}",
                source.partnerId(), source.caId(), error);
        cas.recordCrlCheck(source.caId(), error);
        return "failed";
    }

    /** The field messages of a validation problem, else its detail. */
    private static String describe(HubProblemException e) {
        if (e.properties().get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            return errors.stream()
                    .map(error -> error instanceof Map<?, ?> field ? String.valueOf(field.get("message")) : String.valueOf(error))
                    .collect(Collectors.joining("; "));
        }
        return e.detail();
    }

    private void runScheduled() {
        try {
            fetchDue();
        } catch (RuntimeException e) {
            log.warn("CRL fetch round failed; retrying in {}: {}", staleRetry, e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-crl-fetch");
            thread.setDaemon(true);
            return thread;
        });
        // Polls at the retry period; each CA is fetched only when it is due.
        long millis = staleRetry.toMillis();
        executor.scheduleWithFixedDelay(this::runScheduled, millis, millis, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
