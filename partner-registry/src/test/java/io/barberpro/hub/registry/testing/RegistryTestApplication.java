package io.barberpro.hub.registry.testing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * A minimal application for tests that need the registry (and whatever else is on the classpath):
 * every auto-configuration, a {@link MutableClock}, {@link RegistryFixtures}. Use with
 * {@code @SpringBootTest(classes = RegistryTestApplication.class)} and a profile or properties that
 * point at your own schema (see {@code application-registry-it.yml} for the registry's).
 */
@SpringBootApplication
@Import(RegistryTestConfiguration.class)
public class RegistryTestApplication {
}
