package io.barberpro.hub.registry.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * Test support: each test JVM starts from an empty schema, once per schema, so a test run never
 * depends on what an earlier run (or another branch's migrations) left in the shared database.
 * Contexts created later in the same JVM migrate the already-fresh schema as usual.
 * On with {@code hub.test.fresh-schema=true} (and {@code spring.flyway.clean-disabled=false}).
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnProperty(name = "hub.test.fresh-schema", havingValue = "true")
public class FreshTestSchemaAutoConfiguration {

    private static final Set<String> CLEANED = ConcurrentHashMap.newKeySet();

    @Bean
    FlywayMigrationStrategy freshSchemaOncePerJvm() {
        return flyway -> {
            String key = flyway.getConfiguration().getUrl() + "|" + String.join(",", flyway.getConfiguration().getSchemas());
            if (CLEANED.add(key)) {
                flyway.clean();
            }
            flyway.migrate();
        };
    }
}
