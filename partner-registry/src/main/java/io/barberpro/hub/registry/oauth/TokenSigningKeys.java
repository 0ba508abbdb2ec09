package io.barberpro.hub.registry.oauth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.barberpro.hub.registry.api.HubTokenKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The hub's token signing keys, served from memory. The active key signs; keys rotated out stay in
 * {@link #publicKeys()} until their overlap ends, so a token signed just before a rotation verifies
 * until it expires. Rotation on this node takes effect at once; other nodes pick it up on their next
 * refresh ({@code hub.oauth.key-refresh-interval}), and meanwhile keep signing with the previous key,
 * which is still published, so their tokens verify everywhere.
 */
public class TokenSigningKeys implements HubTokenKeys, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenSigningKeys.class);

    private final JdbcSigningKeyStore store;
    private final OAuthProperties properties;
    private final Clock clock;
    private volatile JdbcSigningKeyStore.Loaded loaded;
    private volatile ScheduledExecutorService refresher;

    TokenSigningKeys(JdbcSigningKeyStore store, OAuthProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        store.ensureActiveKey(clock.instant());
        refresh();
    }

    @Override
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        List<JWK> keys = loaded.published().stream()
                .filter(p -> p.retireAfter() == null || p.retireAfter().isAfter(now))
                .map(p -> (JWK) p.publicKey())
                .toList();
        return new JWKSet(keys);
    }

    @Override
    public String issuer() {
        return properties.issuer();
    }

    @Override
    public String audience() {
        return properties.audience();
    }

    /** The key that signs new tokens (with its private half). */
    ECKey activeKey() {
        return loaded.active();
    }

    /** Makes a new active key; the previous one stays published for the overlap. Returns the new kid. Blocking. */
    public String rotate() {
        String kid = store.rotate(clock.instant(), properties.effectiveKeyOverlap());
        refresh();
        log.info("Rotated the token signing key; new kid {}", kid);
        return kid;
    }

    /** Re-reads the keys from PostgreSQL. Blocking. */
    public void refresh() {
        loaded = store.load(clock.instant());
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hub-signing-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.keyRefreshInterval().toMillis();
        executor.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // keep serving the keys we have; the database may be back on the next tick
            log.warn("Cannot refresh the token signing keys: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
