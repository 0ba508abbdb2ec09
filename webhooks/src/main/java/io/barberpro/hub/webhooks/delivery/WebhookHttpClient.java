package io.barberpro.hub.webhooks.delivery;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The only way webhooks leave the hub. Redirects are never followed (a 3xx is a failed attempt),
 * every host name is resolved through the SSRF guard at connect time, the response is read only
 * as far as the attempt log needs, and every attempt ends within connect + read timeout.
 */
public class WebhookHttpClient implements AutoCloseable {

    public static final int LOGGED_BODY_BYTES = 1024;

    /** Headers a partner's custom headers may not set: signing, framing and identity are ours. */
    public static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "content-type", "content-length", "transfer-encoding", "host", "connection", "user-agent", "te",
            "upgrade", "expect", "keep-alive", "proxy-authorization", "proxy-connection", "trailer");

    private static final String USER_AGENT = "BarberPro-Hub-Webhooks/1";

    /** @param timestampSeconds the attempt's {@code webhook-timestamp} (also signed) */
    public record Request(URI url, String messageId, long timestampSeconds, String body, String signature,
                          Map<String, String> customHeaders) {
    }

    /**
     * @param status     HTTP status, or 0 when no response arrived
     * @param bodyHead   the first {@value #LOGGED_BODY_BYTES} bytes of the response
     * @param retryAfter the receiver's {@code Retry-After} on 429/503, else null
     * @param error      why no usable response arrived (timeout, refused address, connection error), else null
     */
    public record Response(int status, String bodyHead, Duration retryAfter, long latencyMillis, String error) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final OutboundUrlPolicy policy;
    private final Clock clock;
    private final ConnectionProvider connections;
    private final HttpClient client;
    private final Duration overallTimeout;

    public WebhookHttpClient(OutboundUrlPolicy policy, Clock clock, Duration connectTimeout, Duration readTimeout) {
        this.policy = policy;
        this.clock = clock;
        this.connections = ConnectionProvider.builder("hub-webhooks")
                .maxConnections(512)
                .pendingAcquireMaxCount(-1)
                // shorter than common receivers keep idle keep-alive connections (Node.js: 5 s), so we
                // close first instead of sending on a socket the receiver is closing
                .maxIdleTime(Duration.ofSeconds(4))
                .evictInBackground(Duration.ofSeconds(2))
                .build();
        this.client = HttpClient.create(connections)
                .resolver(new GuardedResolverGroup(policy))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(readTimeout);
        this.overallTimeout = connectTimeout.plus(readTimeout);
    }

    /** Nothing happens until subscription, so the measured latency excludes time queued behind other sends. */
    public Mono<Response> send(Request request) {
        return Mono.defer(() -> attempt(request));
    }

    private Mono<Response> attempt(Request request) {
        long started = System.nanoTime();
        try {
            policy.checkBeforeAttempt(request.url());
        } catch (OutboundRefusedException refused) {
            return Mono.just(new Response(0, null, null, 0, "refused: " + refused.getMessage()));
        }
        return client
                .headers(h -> {
                    request.customHeaders().forEach((name, value) -> {
                        if (!RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                            h.set(name, value);
                        }
                    });
                    h.set("content-type", "application/json");
                    h.set("user-agent", USER_AGENT);
                    h.set("webhook-id", request.messageId());
                    h.set("webhook-timestamp", Long.toString(request.timestampSeconds()));
                    h.set("webhook-signature", request.signature());
                })
                .post()
                .uri(request.url())
                .send(ByteBufFlux.fromString(Mono.just(request.body()), StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT))
                .response((response, content) -> content.asByteArray()
                        .reduce(new ByteArrayOutputStream(), WebhookHttpClient::keepHead)
                        .map(head -> new Response(response.status().code(),
                                printable(head),
                                retryAfter(response.status().code(), response.responseHeaders()),
                                elapsedMillis(started), null)))
                .next()
                .timeout(overallTimeout)
                .onErrorResume(error -> Mono.just(new Response(0, null, null, elapsedMillis(started), describe(error))));
    }

    private static ByteArrayOutputStream keepHead(ByteArrayOutputStream head, byte[] chunk) {
        int room = LOGGED_BODY_BYTES - head.size();
        if (room > 0) {
            head.write(chunk, 0, Math.min(room, chunk.length));
        }
        return head;
    }

    /** PostgreSQL text cannot hold NUL, and the attempt log must always be writable whatever a receiver sends. */
    private static String printable(ByteArrayOutputStream head) {
        return head.toString(StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    private Duration retryAfter(int status, HttpHeaders headers) {
        String value = headers.get("retry-after");
        if (value == null || (status != 429 && status != 503)) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unparseable) {
                return null;
            }
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /** A short reason for the attempt log; messages of low-level exceptions carry no secrets but may be long. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutboundRefusedException refused) {
                return "refused: " + refused.getMessage();
            }
        }
        String text = error instanceof java.util.concurrent.TimeoutException
                || error instanceof io.netty.handler.timeout.ReadTimeoutException
                ? "timeout" : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    @Override
    public void close() {
        connections.dispose();
    }

    /**
     * Resolves through the SSRF guard: a host with any refused address is not connected to at all.
     * The lookup itself blocks, so it runs on Reactor's bounded elastic pool, never on the event loop.
     */
    private static final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

        private final OutboundUrlPolicy policy;

        GuardedResolverGroup(OutboundUrlPolicy policy) {
            this.policy = policy;
        }

        @Override
        protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
            return new InetNameResolver(executor) {
                @Override
                protected void doResolve(String host, Promise<InetAddress> promise) {
                    Schedulers.boundedElastic().schedule(() -> {
                        try {
                            promise.trySuccess(checked(host).get(0));
                        } catch (Exception e) {
                            promise.tryFailure(e);
                        }
                    });
                }

                @Override
                protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                    Schedulers.boundedElastic().schedule(() -> {
                        try {
                            promise.trySuccess(checked(host));
                        } catch (Exception e) {
                            promise.tryFailure(e);
                        }
                    });
                }
            }.asAddressResolver();
        }

        private List<InetAddress> checked(String host) throws java.net.UnknownHostException {
            List<InetAddress> all = Arrays.asList(InetAddress.getAllByName(host));
            all.forEach(policy::check);
            return all;
        }
    }
}
