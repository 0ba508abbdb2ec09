package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.listener.KeepAliveReadResumer;
import io.barberpro.hub.core.web.ProblemWebExceptionHandler;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIdAndDateWebFilter;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.http.codec.json.Jackson2JsonEncoder;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The sandbox's own Reactor Netty listener. It serves only the sandbox router, never the hub's main
 * handler, so none of the hub's filters (listener roles, authentication) apply: like the real
 * platform, it trusts the {@code X-Partner-Id} the gateway sets.
 */
public class SandboxBookingApiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxBookingApiServer.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final int MAX_REQUEST_LINE = 64 * 1024;

    private final SandboxProperties properties;
    private final RouterFunction<ServerResponse> router;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private volatile DisposableServer server;

    SandboxBookingApiServer(SandboxProperties properties, RouterFunction<ServerResponse> router,
                            ObjectMapper objectMapper, Clock clock) {
        this.properties = properties;
        this.router = router;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Override
    public void start() {
        // empty(), not builder(): the default WebFluxResponseStatusExceptionHandler would answer a
        // ResponseStatusException (e.g. no route matched) with a bare status before ours wrote a problem
        HandlerStrategies strategies = HandlerStrategies.empty()
                .codecs(codecs -> {
                    codecs.registerDefaults(true);
                    codecs.defaultCodecs().jackson2JsonEncoder(new Jackson2JsonEncoder(objectMapper));
                    codecs.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(objectMapper));
                })
                .localeContextResolver(new AcceptHeaderLocaleContextResolver())
                .webFilter(new RequestIdAndDateWebFilter(clock))
                .exceptionHandler(new ProblemWebExceptionHandler(new ProblemWriter(objectMapper)))
                .build();
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(router, strategies));
        // Takes every request line the edge passes on (its max-request-line, 8 KB by default, and more): with
        // Reactor Netty's default of 4 KB, a partner's request the edge accepted came back as the sandbox's bare 414.
        server = KeepAliveReadResumer.installedOn(
                        HttpServer.create().host(properties.bindAddress()).port(properties.port())
                                .httpRequestDecoder(decoder -> decoder.maxInitialLineLength(MAX_REQUEST_LINE)))
                .handle(adapter).bindNow();
        log.info("Sandbox booking API listening on http://{}:{}/api/v1", properties.bindAddress(), server.port());
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow(SHUTDOWN_GRACE);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful when configured as 0), or -1 when stopped. */
    public int port() {
        DisposableServer running = server;
        return running == null ? -1 : running.port();
    }
}
