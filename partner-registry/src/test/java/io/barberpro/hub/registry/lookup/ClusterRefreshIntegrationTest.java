package io.barberpro.hub.registry.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.barberpro.hub.registry.RegistryIntegrationTest;
import io.barberpro.hub.registry.api.CredentialVerdict.Status;
import io.barberpro.hub.registry.apikey.ApiKeyFormat;
import io.barberpro.hub.registry.partner.Partner;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Another node's change reaches this node's lookups through the polled {@code registry_changes}
 * version; here "another node" is a plain JDBC transaction that changes rows and bumps the version,
 * exactly what a registry change on a different node commits.
 */
class ClusterRefreshIntegrationTest extends RegistryIntegrationTest {

    @Test
    void changeCommittedElsewhereBecomesVisibleAfterThePollingInterval() {
        Partner partner = fixtures.activePartner("cluster");
        String key = new ApiKeyFormat(new SecureRandom()).generate();
        jdbc.sql("insert into api_keys (id, partner_id, prefix, key_hash, created_at) values (?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), partner.id(), ApiKeyFormat.prefixOf(key), ApiKeyFormat.hash(key),
                        Timestamp.from(clock.instant()))
                .update();
        assertThat(lookup.apiKey(key).status())
                .as("without a version bump the change is not announced").isEqualTo(Status.UNKNOWN);

        jdbc.sql("update registry_changes set version = version + 1 where id").update();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lookup.apiKey(key).status() == Status.VALID);

        jdbc.sql("update partners set status = 'SUSPENDED' where id = ?").param(partner.id()).update();
        jdbc.sql("update registry_changes set version = version + 1 where id").update();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lookup.apiKey(key).status() == Status.PARTNER_SUSPENDED);
    }

    @Test
    void localChangeIsVisibleAsSoonAsTheCallReturns() {
        Partner partner = fixtures.activePartner("local");
        String key = fixtures.apiKey(partner.id()).key();

        assertThat(lookup.apiKey(key).status()).isEqualTo(Status.VALID);
        long version = jdbc.sql("select version from registry_changes").query(Long.class).single();
        assertThat(((InMemoryCredentialLookup) lookup).currentIndex().version()).isEqualTo(version);
    }
}
