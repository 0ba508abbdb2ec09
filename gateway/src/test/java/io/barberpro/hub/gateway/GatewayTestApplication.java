package io.barberpro.hub.gateway;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The gateway alone, as the hub app assembles it, without scanning any test configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GatewayTestApplication {
}
