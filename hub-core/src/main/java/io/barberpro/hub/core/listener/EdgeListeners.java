package io.barberpro.hub.core.listener;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Starts the partner edge: HTTPS with optional client certificates (TLS 1.2 and 1.3 only) and, for
 * development, plain HTTP. Both serve the application's web handler, filters and exception handlers
 * (see {@code HubCoreAutoConfiguration#edgeHttpHandler}); paths are kept on their listener by
 * {@link ListenerRoleWebFilter}.
 */
public class EdgeListeners implements SmartLifecycle {

    /** After Boot's web server (phase DEFAULT_PHASE - 1024) so the handler is complete. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(EdgeListeners.class);

    private final ListenerProperties properties;
    /** Built at start: the handler's web filters depend on this bean, so it cannot be a constructor argument. */
    private final Supplier<HttpHandler> httpHandler;
    private final ObjectProvider<EdgeTlsMaterial> tlsMaterial;
    private final Set<Integer> edgePorts = new CopyOnWriteArraySet<>();
    private volatile DisposableServer https;
    private volatile DisposableServer http;

    public EdgeListeners(ListenerProperties properties, Supplier<HttpHandler> httpHandler,
                         ObjectProvider<EdgeTlsMaterial> tlsMaterial) {
        this.properties = properties;
        this.httpHandler = httpHandler;
        this.tlsMaterial = tlsMaterial;
    }

    @Override
    public void start() {
        ListenerProperties.Edge edge = properties.edge();
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(httpHandler.get());
        if (edge.httpsPort() >= 0) {
            EdgeTlsMaterial material = tlsMaterial.getIfAvailable();
            if (material == null) {
                throw new IllegalStateException("hub.listeners.edge.https-port is set but no EdgeTlsMaterial is available");
            }
            SslContext ssl = sslContext(material);
            https = server(edge).port(edge.httpsPort())
                    .secure(spec -> spec.sslContext(ssl))
                    .handle(adapter).bindNow();
            edgePorts.add(https.port());
            log.info("Partner edge listening on https://{}:{} (client certificates optional)", edge.bindAddress(), https.port());
        }
        if (edge.httpPort() >= 0) {
            http = server(edge).port(edge.httpPort()).handle(adapter).bindNow();
            edgePorts.add(http.port());
            log.info("Partner edge listening on http://{}:{} (development only)", edge.bindAddress(), http.port());
        }
    }

    private static HttpServer server(ListenerProperties.Edge edge) {
        int maxHeaderSize = (int) edge.maxHeaderSize().toBytes();
        return HttpServer.create().host(edge.bindAddress())
                .httpRequestDecoder(decoder -> decoder.maxHeaderSize(maxHeaderSize));
    }

    static SslContext sslContext(EdgeTlsMaterial material) {
        try {
            return SslContextBuilder.forServer(material.serverKey(), material.serverCertificateChain())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new ClientCertificateAcceptingTrustManager(material.advertisedClientCertificateAuthorities()))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build the partner edge TLS context", e);
        }
    }

    @Override
    public void stop() {
        edgePorts.clear();
        if (https != null) {
            https.disposeNow();
            https = null;
        }
        if (http != null) {
            http.disposeNow();
            http = null;
        }
    }

    @Override
    public boolean isRunning() {
        return https != null || http != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public boolean isEdgePort(int port) {
        return edgePorts.contains(port);
    }

    /** The bound HTTPS port, or -1 when off; useful when configured as 0. */
    public int httpsPort() {
        DisposableServer server = https;
        return server == null ? -1 : server.port();
    }

    /** The bound development HTTP port, or -1 when off. */
    public int httpPort() {
        DisposableServer server = http;
        return server == null ? -1 : server.port();
    }
}
