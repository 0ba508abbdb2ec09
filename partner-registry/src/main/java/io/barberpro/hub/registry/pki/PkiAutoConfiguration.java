package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hub CA, partner client certificates and the edge's TLS identity. The CA is loaded (or created)
 * from PostgreSQL at start-up, so the edge listener and onboarding never wait for it. Beans take the
 * JdbcTemplate rather than the DataSource so Boot runs Flyway's migrations before the first query.
 */
@AutoConfiguration(after = {FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class})
@ConditionalOnHubRole(HubRole.REGISTRY)
@EnableConfigurationProperties(PkiProperties.class)
public class PkiAutoConfiguration {

    @Bean
    PrivateKeySealer privateKeySealer(PkiProperties properties) {
        SecureRandom random = new SecureRandom();
        return new PrivateKeySealer(MasterKey.load(properties, random), random);
    }

    @Bean
    HubCertificateAuthority hubCertificateAuthority(JdbcTemplate jdbcTemplate, PrivateKeySealer sealer,
                                                    PkiProperties properties, Clock clock) {
        return new JdbcHubCaStore(JdbcClient.create(jdbcTemplate), sealer, new SecureRandom())
                .loadOrCreate(properties, clock);
    }

    @Bean
    JdbcClientCertificateRepository jdbcClientCertificateRepository(JdbcTemplate jdbcTemplate) {
        return new JdbcClientCertificateRepository(JdbcClient.create(jdbcTemplate));
    }

    @Bean
    ClientCertificateService clientCertificateService(HubCertificateAuthority ca,
                                                      JdbcClientCertificateRepository repository,
                                                      JdbcTemplate jdbcTemplate, ApplicationEventPublisher events,
                                                      Clock clock, PkiProperties properties) {
        return new ClientCertificateService(ca, repository, JdbcClient.create(jdbcTemplate), events, clock, properties,
                new SecureRandom());
    }

    @Bean
    @ConditionalOnMissingBean(EdgeTlsMaterial.class)
    EdgeTlsMaterial hubEdgeTlsMaterial(HubCertificateAuthority ca, JdbcTemplate jdbcTemplate, PrivateKeySealer sealer,
                                       PkiProperties properties, Clock clock) {
        if (properties.serverKeystore() != null) {
            return HubEdgeTlsMaterial.fromKeystore(properties.serverKeystore(), properties.serverKeystorePassword(), ca);
        }
        return new JdbcServerCertificateStore(JdbcClient.create(jdbcTemplate), sealer, new SecureRandom())
                .loadOrIssue(ca, JdbcServerCertificateStore.serverNames(properties.serverNames()),
                        properties.serverCertificateValidity(), clock);
    }
}
