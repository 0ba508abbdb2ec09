package io.barberpro.hub.core.listener;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.unit.DataSize;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * Starts the partner edge: HTTPS with optional client certificates (TLS 1.2 and 1.3 only; HTTP/2 or HTTP/1.1
 * by ALPN; the certificate request names the hub's CAs and, unless switched off, those partners registered, see
 * {@link AdvertisingTlsContexts}) and, for development, plain HTTP/1.1. Both serve the application's web handler,
 * filters and exception handlers (see {@code HubCoreAutoConfiguration#edgeHttpHandler}); paths are kept on their
 * listener by {@link ListenerRoleWebFilter}.
 */
public class EdgeListeners implements SmartLifecycle {

    /** After Boot's web server (phase DEFAULT_PHASE - 1024) so the handler is complete. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(EdgeListeners.class);

    private static final long MIN_DECODER_MAX_HEADER_SIZE = DataSize.ofKilobytes(32).toBytes();
    private static final long MIN_DECODER_MAX_INITIAL_LINE_LENGTH = DataSize.ofKilobytes(16).toBytes();
    /** Netty names its server channels after their transport: EpollServerSocketChannel, NioServerSocketChannel. */
    private static final String SERVER_CHANNEL_SUFFIX = "ServerSocketChannel";

    /**
     * ECDHE and AEAD only. Netty's default list also carries CBC and static-RSA suites for TLS 1.2,
     * which a configured RSA key would make negotiable. The TLS 1.3 suites are BoringSSL's fixed set;
     * naming them keeps TLS 1.3 on when the JDK provider is the fallback.
     */
    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final ListenerProperties properties;
    /** Built at start: the handler's web filters depend on this bean, so it cannot be a constructor argument. */
    private final Supplier<HttpHandler> httpHandler;
    private final ObjectProvider<EdgeTlsMaterial> tlsMaterial;
    private final ObjectProvider<RegisteredClientCas> registeredCas;
    private final ObjectProvider<ListenerRefusalLog> refusalLog;
    private final Clock clock;
    private final Set<Integer> edgePorts = new CopyOnWriteArraySet<>();
    private volatile Listener https;
    private volatile Listener http;
    /** Set while {@link #stop} waits for requests in flight. */
    private volatile boolean draining;

    public EdgeListeners(ListenerProperties properties, Supplier<HttpHandler> httpHandler,
                         ObjectProvider<EdgeTlsMaterial> tlsMaterial, ObjectProvider<RegisteredClientCas> registeredCas,
                         ObjectProvider<ListenerRefusalLog> refusalLog, Clock clock) {
        this.properties = properties;
        this.httpHandler = httpHandler;
        this.tlsMaterial = tlsMaterial;
        this.registeredCas = registeredCas;
        this.refusalLog = refusalLog;
        this.clock = clock;
    }

    @Override
    public void start() {
        ListenerProperties.Edge edge = properties.edge();
        DroppedErrorLog.install();
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(httpHandler.get());
        ListenerRefusalLog refusals = refusalLog.getIfAvailable(() -> ListenerRefusalLog.NONE);
        if (edge.httpsPort() >= 0) {
            EdgeTlsMaterial material = tlsMaterial.getIfAvailable();
            if (material == null) {
                throw new IllegalStateException("hub.listeners.edge.https-port is set but no EdgeTlsMaterial is available");
            }
            ChannelGroup connections = new DefaultChannelGroup("hub-edge-https", GlobalEventExecutor.INSTANCE);
            HttpServer server = server(edge, connections, () -> draining, refusals, clock).port(edge.httpsPort())
                    .secure(tls(material, edge));
            https = new Listener((edge.http2() ? http2(server, edge) : server).handle(adapter).bindNow(), connections);
            edgePorts.add(https.port());
            log.info("Partner edge listening on https://{}:{} ({}; client certificates optional; TLS by {}; "
                            + "event loops: {} on {})", edge.bindAddress(), https.port(),
                    edge.http2() ? "HTTP/2 and HTTP/1.1" : "HTTP/1.1", describe(sslProvider()), EventLoopThreads.inUse(),
                    transport(https.server()));
        }
        if (edge.httpPort() >= 0) {
            // HTTP/1.1 only: partners come over HTTPS, where ALPN offers HTTP/2. h2c here (by Upgrade or prior
            // knowledge) would reshape the HTTP/1.1 pipeline the read deadlines watch, for a development-only port.
            ChannelGroup connections = new DefaultChannelGroup("hub-edge-http", GlobalEventExecutor.INSTANCE);
            http = new Listener(server(edge, connections, () -> draining, refusals, clock).port(edge.httpPort())
                    .handle(adapter).bindNow(), connections);
            edgePorts.add(http.port());
            log.info("Partner edge listening on http://{}:{} (development only; on {})", edge.bindAddress(), http.port(),
                    transport(http.server()));
        }
    }

    /** Without partner CAs to name, one fixed context and no per-handshake mapping. */
    private Consumer<reactor.netty.tcp.SslProvider.SslContextSpec> tls(EdgeTlsMaterial material,
                                                                         ListenerProperties.Edge edge) {
        if (!edge.advertisePartnerCas()) {
            SslContext hubCasOnly = sslContext(material, material.advertisedClientCertificateAuthorities(), edge.http2());
            return spec -> spec.sslContext(hubCasOnly);
        }
        AdvertisingTlsContexts contexts = advertisingTlsContexts(material, edge.http2());
        return spec -> spec.sslContext(contexts.initial()).setSniAsyncMappings(contexts);
    }

    private AdvertisingTlsContexts advertisingTlsContexts(EdgeTlsMaterial material, boolean http2) {
        List<X509Certificate> none = List.of();
        RegisteredClientCas registered = registeredCas.getIfAvailable(() -> () -> none);
        return new AdvertisingTlsContexts(material.advertisedClientCertificateAuthorities(), registered::certificates,
                advertised -> sslContext(material, advertised, http2),
                task -> Schedulers.boundedElastic().schedule(task));
    }

    private static HttpServer server(ListenerProperties.Edge edge, ChannelGroup connections, BooleanSupplier draining,
                                     ListenerRefusalLog refusals, Clock clock) {
        int decoderMaxHeaderSize = decoderMaxHeaderSize(edge.maxHeaderSize());
        int decoderMaxInitialLineLength = decoderMaxInitialLineLength(edge.maxRequestLine());
        // No Reactor Netty idle timeout: RequestReadDeadlines and Http2ConnectionDeadlines keep it, per connection
        HttpServer server = HttpServer.create().host(edge.bindAddress()).channelGroup(connections)
                .httpRequestDecoder(decoder -> decoder.maxHeaderSize(decoderMaxHeaderSize)
                        .maxInitialLineLength(decoderMaxInitialLineLength));
        return withHttp11Guards(CloseWhileDraining.installedOn(server, draining), edge.requestHeaderTimeout(),
                edge.bodyReadTimeout(), edge.idleTimeout(), refusals, clock);
    }

    /**
     * An HTTP/1.1 server's read deadlines, problem answers to requests it cannot decode, then the keep-alive read
     * resumer, installed last as it must be: the partner edge's and the admin listener's, each with its own values.
     * The requests these guards answer themselves go to {@code refusals}; their {@code Date} is {@code clock}'s.
     */
    public static HttpServer withHttp11Guards(HttpServer server, Duration requestHeaderTimeout,
                                              Duration bodyReadTimeout, Duration idleTimeout,
                                              ListenerRefusalLog refusals, Clock clock) {
        HttpServer withDeadlines = RequestReadDeadlines.installedOn(server, requestHeaderTimeout, bodyReadTimeout,
                idleTimeout, refusals, clock);
        return KeepAliveReadResumer.installedOn(UndecodableRequestProblems.installedOn(withDeadlines, refusals, clock));
    }

    /**
     * HTTP/2 beside HTTP/1.1, chosen by ALPN. The header list limit is the HTTP/1.1 decoder's ceiling: blocks over
     * the configured limit but under it reach {@link ListenerRoleWebFilter} for a 431 problem, larger ones get
     * Netty's bare 431 on the stream (a GOAWAY past a quarter more) without being held in memory. Netty's own
     * flood defences stay on at their defaults: at most 200 RST_STREAM received and 200 sent per 30 s (rapid
     * reset, CVE-2023-44487, and MadeYouReset, CVE-2025-55163), 16 small CONTINUATION frames per header block and
     * the header list limit across them (CVE-2024-27316), 10,000 queued control frames.
     */
    private static HttpServer http2(HttpServer server, ListenerProperties.Edge edge) {
        HttpServer h2 = server.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                .http2Settings(settings -> settings
                        .maxConcurrentStreams(edge.http2MaxConcurrentStreams())
                        .maxHeaderListSize(decoderMaxHeaderSize(edge.maxHeaderSize())));
        h2 = Http2ConnectionDeadlines.installedOn(h2, edge.requestHeaderTimeout(), edge.idleTimeout(),
                edge.http2MaxConcurrentStreams());
        return Http2StreamBodyDeadline.installedOn(h2, edge.bodyReadTimeout());
    }

    /**
     * The decoder's hard ceiling on the header block: four times the configured limit, at least
     * 32 KB. The configured limit itself is enforced by {@link ListenerRoleWebFilter}, which answers
     * with a problem document; the decoder only has to keep the memory a connection can hold
     * bounded. Above this ceiling no filter runs: over HTTP/1.1 {@link UndecodableRequestProblems}
     * answers the 431 problem, with a request id of its own; over HTTP/2 Netty answers a bare 431.
     * Four times leaves room for a block just over the limit to reach the filter, and 32 KB for
     * small configured limits, without letting a client make the edge buffer much more.
     */
    static int decoderMaxHeaderSize(DataSize maxHeaderSize) {
        long ceiling = Math.max(4 * maxHeaderSize.toBytes(), MIN_DECODER_MAX_HEADER_SIZE);
        return (int) Math.min(ceiling, Integer.MAX_VALUE);
    }

    /**
     * The decoder's hard ceiling on the request line, on the same terms as {@link #decoderMaxHeaderSize}: the
     * configured limit is {@link ListenerRoleWebFilter}'s, which answers a 414 problem with the partner's request
     * id; above four times it, at least 16 KB, {@link UndecodableRequestProblems} answers it with one of its own.
     */
    static int decoderMaxInitialLineLength(DataSize maxRequestLine) {
        long ceiling = Math.max(4 * maxRequestLine.toBytes(), MIN_DECODER_MAX_INITIAL_LINE_LENGTH);
        return (int) Math.min(ceiling, Integer.MAX_VALUE);
    }

    /**
     * OpenSSL (BoringSSL from netty-tcnative) where its native library loads: the JDK's SSLEngine made
     * the mTLS handshake the edge's largest cost. Its TLS 1.3 support is required too, so that both
     * providers speak the same protocols.
     */
    private static SslProvider sslProvider() {
        return SslProvider.isTlsv13Supported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * The transport Reactor Netty chose for a listener (epoll, or NIO where the native one did not load), which it
     * does not report itself, and falls back from without an error.
     */
    private static String transport(DisposableServer server) {
        String channel = server.channel().getClass().getSimpleName();
        int suffix = channel.lastIndexOf(SERVER_CHANNEL_SUFFIX);
        return suffix > 0 ? channel.substring(0, suffix) : channel;
    }

    private static String describe(SslProvider provider) {
        if (provider == SslProvider.OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return "the JDK (OpenSSL " + (cause == null ? "lacks TLS 1.3" : "unavailable: " + cause) + ")";
    }

    /**
     * With {@code http2}, ALPN offers {@code h2} first. A client naming neither protocol is accepted and gets
     * HTTP/1.1, as does one offering no ALPN at all. The cipher list already meets RFC 9113 §9.2.2 for TLS 1.2
     * (ephemeral key exchange, AEAD only), so HTTP/2 needs no other.
     */
    static SslContext sslContext(EdgeTlsMaterial material, List<X509Certificate> advertisedCas, boolean http2) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(material.serverKey(), material.serverCertificateChain())
                    .sslProvider(sslProvider())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new ClientCertificateAcceptingTrustManager(advertisedCas));
            if (http2) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build the partner edge TLS context", e);
        }
    }

    /**
     * Stops the edge gracefully, as a rolling restart needs. Both listeners stop accepting connections and close
     * their idle ones at once, HTTP/2 connections are sent GOAWAY, and requests in flight are answered for up to
     * {@code shutdown-grace}, each connection closed after its answer (which says {@code Connection: close},
     * {@link CloseWhileDraining}). Only then does the rest of the hub (registry, limiter, upstream connections, the
     * embedded database) stop. Connections still busy after the grace are closed. Without this, a partner's request
     * in flight at shutdown was cut off, or failed as the components it needed went away.
     */
    @Override
    public void stop() {
        Duration grace = properties.edge().shutdownGrace();
        draining = true;
        List<Thread> drains = new ArrayList<>(2);
        for (Listener listener : new Listener[] {https, http}) {
            if (listener != null) {
                drains.add(listener.drain(grace));
            }
        }
        for (Thread thread : drains) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        https = null;
        http = null;
        edgePorts.clear();
        draining = false;
    }

    /**
     * One bound listener and its open connections, which stopping waits for (one group per listener: a connection
     * still open after the grace is closed by its listener's drain).
     */
    private record Listener(DisposableServer server, ChannelGroup connections) {

        int port() {
            return server.port();
        }

        /** Both listeners drain at once, each on a thread of its own: Reactor Netty's wait for a listener blocks. */
        Thread drain(Duration grace) {
            int port = port();
            Thread thread = new Thread(() -> {
                log.info("Partner edge on port {} stopping: {} connection(s) open, waiting up to {} for requests in "
                        + "flight", port, connections.size(), grace);
                try {
                    server.disposeNow(grace);
                } catch (IllegalStateException timedOut) {
                    log.warn("Partner edge on port {}: requests still in flight after the shutdown grace of {}; closing "
                            + "their {} connection(s)", port, grace, connections.size());
                    connections.close().awaitUninterruptibly(grace.toMillis());
                }
            }, "hub-edge-drain-" + port);
            thread.start();
            return thread;
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
        Listener listener = https;
        return listener == null ? -1 : listener.port();
    }

    /** The bound development HTTP port, or -1 when off. */
    public int httpPort() {
        Listener listener = http;
        return listener == null ? -1 : listener.port();
    }
}
