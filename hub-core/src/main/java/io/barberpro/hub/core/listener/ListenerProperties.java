package io.barberpro.hub.core.listener;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's listeners. Boot's own server ({@code server.port}) is the admin listener; the partner
 * edge runs on its own Reactor Netty servers sharing the same handler, and
 * {@link ListenerRoleWebFilter} keeps each path on the listener it belongs to.
 *
 * @param ioThreads Reactor Netty event loops shared by every listener and upstream connection; 0 means one per
 *                  available processor ({@link EventLoopThreads} applies it before the loops exist)
 * @param admin     the admin listener's read deadlines
 */
@Validated
@ConfigurationProperties("hub.listeners")
public record ListenerProperties(@Valid @DefaultValue Edge edge,
                                 @Min(0) @DefaultValue("0") int ioThreads,
                                 @NotEmpty @DefaultValue({"/admin/", "/actuator", "/v3/api-docs", "/swagger-ui",
                                         "/webjars"}) List<String> adminPathPrefixes,
                                 @Valid @DefaultValue Admin admin) {

    /**
     * @param bindAddress interface the partner edge listens on
     * @param httpsPort   HTTPS with optional client certificates; -1 switches it off, 0 picks a free port
     * @param httpPort    plain HTTP for local development only; -1 switches it off, 0 picks a free port
     * @param maxHeaderSize limit of all request header fields together (names, colons and values; not the request
     *                      line); larger requests get a 431 problem. Reactor Netty's decoder stops at four times
     *                      this, at least 32 KB ({@link EdgeListeners#decoderMaxHeaderSize}); above that the 431
     *                      problem comes from {@link UndecodableRequestProblems}, without the partner's request
     *                      id, and over HTTP/2 Netty answers a bare 431
     * @param maxRequestLine limit of the request line (method, request target and version; for HTTP/2 the method,
     *                       path and version it stands for); longer requests get a 414 problem. nginx's and Kong's
     *                       default is 8 KB too. Over HTTP/1.1 Reactor Netty's decoder stops at four times this, at
     *                       least 16 KB ({@link EdgeListeners#decoderMaxInitialLineLength}); above that the 414
     *                       problem comes from {@link UndecodableRequestProblems}, without the partner's request id.
     *                       Over HTTP/2 the path counts against the header list limit instead
     * @param idleTimeout   a kept-alive connection with no request for this long is closed, so idle partner
     *                      connections do not pile up (nginx's keepalive_timeout; {@link RequestReadDeadlines},
     *                      over HTTP/2 {@link Http2ConnectionDeadlines})
     * @param requestHeaderTimeout a request's header block must be complete this long after its first byte, or
     *                             the partner gets a 408 problem and the connection is closed
     *                             ({@link RequestReadDeadlines}; HAProxy's timeout http-request)
     * @param bodyReadTimeout a request body that pauses this long while the edge asks for more gets a 408 problem
     *                        and the connection closed ({@link RequestReadDeadlines}; nginx's client_body_timeout).
     *                        Over HTTP/2 the same pause on one stream gets that stream a 408 problem and then resets
     *                        it; the connection's other streams go on ({@link Http2StreamBodyDeadline})
     * @param http2 whether the HTTPS listener offers HTTP/2 by ALPN ({@code h2} before {@code http/1.1}); a client
     *              offering no ALPN gets HTTP/1.1 either way. Over HTTP/2 the header block limit is also the
     *              SETTINGS_MAX_HEADER_LIST_SIZE the decoder enforces, a connection must send its preface within
     *              the request header timeout, and one with no open stream for the idle timeout is closed
     *              ({@link Http2ConnectionDeadlines}). The development HTTP listener stays HTTP/1.1
     * @param http2MaxConcurrentStreams streams a partner may have open at once on one HTTP/2 connection
     *                                  (SETTINGS_MAX_CONCURRENT_STREAMS; nginx's http2_max_concurrent_streams is 128,
     *                                  Envoy's edge guidance 100). Netty's default is unlimited
     * @param advertisePartnerCas whether the TLS certificate request names the CAs partners registered beside the
     *                            hub's ({@link AdvertisingTlsContexts}). Java's and .NET's TLS clients offer only a
     *                            certificate of a CA the server names; curl and OpenSSL offer theirs regardless.
     *                            Off, only the hub's CAs are named, so nobody who opens a TLS connection learns
     *                            the names of partners' CAs, and partners with their own CA must set their
     *                            clients to send the certificate unasked. Trust is the same either way
     * @param shutdownGrace when the hub stops, how long the edge waits for requests in flight to be answered after
     *                      it stops accepting connections and closes idle ones ({@link EdgeListeners#stop}); what is
     *                      still unanswered then is cut off. The rest of the hub stops after it, so keep it well
     *                      under the orchestrator's grace, which ends in SIGKILL (Kubernetes'
     *                      terminationGracePeriodSeconds, 30s)
     */
    public record Edge(@NotBlank @DefaultValue("0.0.0.0") String bindAddress,
                       @Min(-1) @Max(65535) @DefaultValue("8443") int httpsPort,
                       @Min(-1) @Max(65535) @DefaultValue("8080") int httpPort,
                       @NotNull @DefaultValue("8KB") DataSize maxHeaderSize,
                       @NotNull @DefaultValue("8KB") DataSize maxRequestLine,
                       @NotNull @DefaultValue("60s") Duration idleTimeout,
                       @NotNull @DefaultValue("10s") Duration requestHeaderTimeout,
                       @NotNull @DefaultValue("30s") Duration bodyReadTimeout,
                       @DefaultValue("true") boolean http2,
                       @Min(1) @Max(10_000) @DefaultValue("100") int http2MaxConcurrentStreams,
                       @DefaultValue("true") boolean advertisePartnerCas,
                       @NotNull @DefaultValue("20s") Duration shutdownGrace) {
    }

    /**
     * The admin listener's limits on how slowly a client may send a request, as the edge's
     * ({@link RequestReadDeadlines}): the admin network is trusted with credentials, not with holding
     * connections open by trickling bytes. Reactor Netty's own idle timeout
     * ({@code server.netty.idle-timeout}) must stay unset: these deadlines keep the idle timeout.
     *
     * @param idleTimeout          a kept-alive connection with no request for this long is closed
     * @param requestHeaderTimeout a request's header block must be complete this long after its first byte,
     *                             else 408 problem and the connection closed
     * @param bodyReadTimeout      a request body pausing this long while the listener asks for more gets a 408
     *                             problem and the connection closed
     */
    public record Admin(@NotNull @DefaultValue("60s") Duration idleTimeout,
                        @NotNull @DefaultValue("10s") Duration requestHeaderTimeout,
                        @NotNull @DefaultValue("30s") Duration bodyReadTimeout) {
    }
}
