package io.barberpro.hub.core.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.web.ProblemWebExceptionHandler;
import io.barberpro.hub.core.web.ProblemWriter;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTPS edge over real TLS connections with HTTP/2 on: what ALPN chooses, and the edge's time limits for each
 * protocol. Deadlines are a few hundred milliseconds here; the tests wait on the server's answer or its closing the
 * connection, never on a clock.
 */
class EdgeListenersHttp2Test {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(US_ASCII);
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    /** HPACK, static table only: :method GET, :scheme https, :path /, then :authority localhost as a literal. */
    private static final byte[] GET_ROOT = {(byte) 0x82, (byte) 0x87, (byte) 0x84, 0x41, 0x09,
            'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't'};

    /** HPACK: :method GET, :scheme https, :path /held (literal, indexed name), :authority localhost. */
    private static final byte[] GET_HELD = {(byte) 0x82, (byte) 0x87, 0x04, 0x05, '/', 'h', 'e', 'l', 'd', 0x41, 0x09,
            'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't'};

    private final SelfSignedCertificate certificate = selfSigned();
    /** {@code /held} is answered once this is emitted; {@link #held} counts down when it arrives. */
    private final Sinks.Empty<Void> release = Sinks.empty();
    private final CountDownLatch held = new CountDownLatch(1);
    private final List<Channel> connections = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private EdgeListeners edge;

    @AfterEach
    void stop() {
        release.tryEmitEmpty();
        if (edge != null && edge.isRunning()) {
            edge.stop();
        }
        certificate.delete();
    }

    @Test
    void aClientOfferingH2GetsHttp2AndOneOfferingNoAlpnGetsHttp11() {
        // given: an edge with HTTP/2 on
        start(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));

        // when: one client offers h2 by ALPN, another offers no ALPN at all (as wrk and old curl do)
        HttpVersion h2 = h2Client(ConnectionProvider.newConnection()).get().uri("/where")
                .responseSingle((response, body) -> Mono.just(response.version())).block(PATIENCE);
        HttpVersion plain = HttpClient.create().secure(spec -> spec.sslContext(noAlpnClientContext()))
                .baseUrl("https://localhost:" + edge.httpsPort()).get().uri("/where")
                .responseSingle((response, body) -> Mono.just(response.version())).block(PATIENCE);

        // then
        assertThat(h2).isEqualTo(HttpVersion.valueOf("HTTP/2.0"));
        assertThat(plain).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void anHttp11ConnectionOverTlsStillGetsTheHeaderDeadlineWhenHttp2IsOffered() throws IOException {
        // given: an edge giving header blocks 300 ms, reached by a client offering no ALPN
        start(Duration.ofSeconds(60), SHORT, Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket()) {
            // when: it starts a header block and stops
            socket.getOutputStream().write("GET /where HTTP/1.1\r\nHost: ed".getBytes(US_ASCII));
            socket.getOutputStream().flush();

            // then: the HTTP/1.1 deadline answers 408 and closes (reading to the end would time out otherwise)
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(socket.getApplicationProtocol()).isEmpty();
            assertThat(exchanged).startsWith("HTTP/1.1 408 ").contains("\"code\":\"request-timeout\"");
        }
    }

    @Test
    void aStreamWhoseBodyStallsGets408WhileTheConnectionsOtherStreamsAreAnswered() throws Exception {
        // given: one HTTP/2 connection to an edge giving request bodies 300 ms pauses
        start(Duration.ofSeconds(60), Duration.ofSeconds(10), SHORT);
        ConnectionProvider oneConnection = ConnectionProvider.create("h2-one-connection", 1);
        try {
            HttpClient client = h2Client(oneConnection);

            // when: a stream sends the start of a body and then nothing, and another stream is opened meanwhile
            Mono<Answer> stalled = client.post().uri("/echo")
                    .send(ByteBufFlux.fromString(Flux.concat(Mono.just("{\"start\":"), Flux.never())))
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                            .map(text -> new Answer(response.version(), response.status().code(),
                                    response.responseHeaders().get("content-type"), text)));
            Mono<Answer> other = client.get().uri("/where")
                    .responseSingle((response, body) -> body.asString()
                            .map(text -> new Answer(response.version(), response.status().code(), null, text)));
            List<Answer> answers = Flux.merge(stalled, other).collectList().block(PATIENCE);

            // then: the stalled stream got a 408 problem, the other its answer, both over the one HTTP/2 connection
            assertThat(answers).hasSize(2).allSatisfy(answer ->
                    assertThat(answer.version()).isEqualTo(HttpVersion.valueOf("HTTP/2.0")));
            Answer timedOut = answers.stream().filter(answer -> answer.status() == 408).findFirst().orElseThrow();
            assertThat(timedOut.contentType()).startsWith("application/problem+json");
            assertThat(json.readTree(timedOut.body()).path("code").asText()).isEqualTo("request-timeout");
            assertThat(answers).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(Set.copyOf(connections)).hasSize(1);
            assertThat(connections.get(0).isActive()).isTrue();
        } finally {
            oneConnection.disposeLater().block(PATIENCE);
        }
    }

    @Test
    void anHttp2ConnectionThatNeverSendsItsPrefaceIsClosedWithinTheHeaderDeadline() throws IOException {
        // given: an edge giving header blocks (and HTTP/2 prefaces) 300 ms and idle connections a minute
        start(Duration.ofSeconds(60), SHORT, Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket("h2")) {
            // when: the client chooses h2 and sends nothing
            socket.startHandshake();

            // then: the edge closes the connection (reading to the end would time out otherwise)
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            assertThat(socket.getInputStream().readAllBytes()).as("the edge's SETTINGS at most").hasSizeLessThan(100);
        }
    }

    @Test
    void anHttp2ConnectionWithNoOpenStreamIsClosedAfterTheIdleTimeoutEvenWhileItPings() throws IOException {
        // given: an edge closing connections idle for 300 ms, and an HTTP/2 client that completed its preface
        start(SHORT, Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket("h2")) {
            OutputStream out = socket.getOutputStream();
            out.write(H2_PREFACE);
            writeFrame(out, 0x4, 0, new byte[0]); // empty SETTINGS
            DataInputStream in = new DataInputStream(socket.getInputStream());

            // when: it opens no stream but pings, sending the next PING as soon as the last is acknowledged
            int pings = 0;
            boolean goawayRead = false;
            List<Integer> framesAfterGoaway = new ArrayList<>();
            String ended = "not closed";
            long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
            writeFrame(out, PING, 0, new byte[8]);
            try {
                while (System.nanoTime() - giveUpAt < 0) {
                    int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    in.readInt();
                    in.readFully(new byte[length]);
                    if (goawayRead) {
                        framesAfterGoaway.add(type);
                    }
                    goawayRead |= type == GOAWAY;
                    if (type == PING && (flags & 0x1) != 0) {
                        pings++;
                        writeFrame(out, PING, 0, new byte[8]);
                    }
                }
            } catch (EOFException | javax.net.ssl.SSLException closed) {
                ended = closed.toString(); // the edge closed the connection
            } catch (java.net.SocketException closedWhileWriting) {
                ended = closedWhileWriting.toString(); // the edge closed the connection while a PING was on its way
            }

            // then: acknowledged pings did not keep it open; it was told by a GOAWAY, then closed. A PING that
            // crossed the GOAWAY may still be acknowledged after it (RFC 9113 section 6.8 ends no connection-level
            // frame), but nothing else follows it.
            assertThat(pings).isPositive();
            assertThat(goawayRead).as("a GOAWAY was read before: %s", ended).isTrue();
            assertThat(ended).isNotEqualTo("not closed");
            assertThat(framesAfterGoaway).allMatch(type -> type == PING);
        }
    }

    @Test
    void onShutdownAConnectionIsToldByGoawayAndItsStreamInFlightIsStillAnswered() throws Exception {
        // given: a partner on HTTP/2 with a request the edge has not answered yet
        start(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket("h2")) {
            OutputStream out = socket.getOutputStream();
            out.write(H2_PREFACE);
            writeFrame(out, SETTINGS, 0, new byte[0]);
            writeFrame(out, HEADERS, 0x5, 1, GET_HELD); // END_STREAM | END_HEADERS on stream 1
            assertThat(held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            // when: the hub stops
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(edge::stop);

            // then: a GOAWAY comes while the stream is still unanswered
            List<String> frames = new ArrayList<>();
            while (!frames.contains("GOAWAY")) {
                frames.add(readFrame(in));
            }
            assertThat(frames).noneMatch(frame -> frame.endsWith("@1"));

            // when: the answer is ready
            release.tryEmitEmpty();

            // then: the stream gets it, the connection closes and the edge has stopped
            try {
                while (true) {
                    frames.add(readFrame(in));
                }
            } catch (EOFException | javax.net.ssl.SSLException closed) {
                // the edge closed the connection
            }
            assertThat(frames).contains("HEADERS@1", "DATA@1");
            assertThat(frames.indexOf("GOAWAY")).isLessThan(frames.indexOf("HEADERS@1"));
            stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** One frame, named by type (and "@stream" for HEADERS and DATA); its payload is skipped. */
    private static String readFrame(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int stream = in.readInt() & 0x7FFFFFFF;
        in.readFully(new byte[length]);
        return switch (type) {
            case HEADERS -> "HEADERS@" + stream;
            case DATA -> "DATA@" + stream;
            case GOAWAY -> "GOAWAY";
            default -> "type " + type;
        };
    }

    @Test
    void aConnectionWhoseClientStopsReadingItsAnswerIsClosedAfterTheIdleTimeout() throws IOException {
        // given: an edge closing connections idle for 300 ms, and a client that gives it no flow-control window
        start(SHORT, Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket("h2")) {
            OutputStream out = socket.getOutputStream();
            out.write(H2_PREFACE);
            writeFrame(out, SETTINGS, 0, 0, new byte[] {0, 0x4, 0, 0, 0, 0}); // SETTINGS_INITIAL_WINDOW_SIZE = 0
            DataInputStream in = new DataInputStream(socket.getInputStream());

            // when: it asks for / and then sends nothing more, so the answer's body can never be sent
            writeFrame(out, HEADERS, 0x5, 1, GET_ROOT); // END_STREAM | END_HEADERS on stream 1
            List<Integer> frameTypes = new ArrayList<>();
            try {
                while (true) {
                    int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                    frameTypes.add(in.readUnsignedByte());
                    in.readUnsignedByte();
                    in.readInt();
                    in.readFully(new byte[length]);
                }
            } catch (EOFException | javax.net.ssl.SSLException closed) {
                // the edge closed the connection
            }

            // then: the answer's HEADERS came, its DATA could not, and the edge gave up with a GOAWAY
            assertThat(frameTypes).contains(HEADERS).doesNotContain(DATA).last().isEqualTo(GOAWAY);
        }
    }

    @Test
    void theEdgeAdvertisesItsStreamAndHeaderListLimitsInItsSettings() throws IOException {
        // given: an edge with HTTP/2 on, 100 concurrent streams and an 8KB header limit (so a 32KB decoder ceiling)
        start(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (SSLSocket socket = tlsSocket("h2")) {
            // when: a client chooses h2 and reads the edge's first frame, its SETTINGS
            socket.startHandshake();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            in.readInt();
            Map<Integer, Long> settings = new HashMap<>();
            for (int read = 0; read < length; read += 6) {
                settings.put(in.readUnsignedShort(), in.readInt() & 0xFFFFFFFFL);
            }

            // then: SETTINGS_MAX_CONCURRENT_STREAMS (0x3) and SETTINGS_MAX_HEADER_LIST_SIZE (0x6)
            assertThat(type).isEqualTo(0x4);
            assertThat(settings).containsEntry(0x3, 100L).containsEntry(0x6, 32L * 1024);
        }
    }

    private record Answer(HttpVersion version, int status, String contentType, String body) {
    }

    private void start(Duration idleTimeout, Duration requestHeaderTimeout, Duration bodyReadTimeout) {
        WebHttpHandlerBuilder handler = WebHttpHandlerBuilder.webHandler(this::handle)
                .exceptionHandler(new ProblemWebExceptionHandler(new ProblemWriter(json)));
        EdgeTlsMaterial material = new FixedEdgeTlsMaterial(certificate.key(), List.of(certificate.cert()),
                List.of(certificate.cert()));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("tls", material);
        edge = new EdgeListeners(
                new ListenerProperties(
                        new ListenerProperties.Edge("127.0.0.1", 0, -1, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8), idleTimeout,
                                requestHeaderTimeout, bodyReadTimeout, true, 100, true, Duration.ofSeconds(20)), 0,
                        List.of("/admin/"),
                        new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                handler::build, beans.getBeanProvider(EdgeTlsMaterial.class),
                beans.getBeanProvider(RegisteredClientCas.class),
                beans.getBeanProvider(ListenerRefusalLog.class), Clock.systemUTC());
        edge.start();
    }

    /** {@code /echo} answers with the body's length once it is whole; anything else at once. */
    private Mono<Void> handle(ServerWebExchange exchange) {
        Channel channel = ((Connection) ((AbstractServerHttpRequest) exchange.getRequest()).getNativeRequest()).channel();
        connections.add(channel.parent() == null ? channel : channel.parent());
        var response = exchange.getResponse();
        if (exchange.getRequest().getPath().value().equals("/echo")) {
            return DataBufferUtils.join(exchange.getRequest().getBody())
                    .flatMap(body -> response.writeWith(Mono.just(response.bufferFactory()
                            .wrap(String.valueOf(body.readableByteCount()).getBytes(US_ASCII)))));
        }
        response.setStatusCode(HttpStatus.OK);
        if (exchange.getRequest().getPath().value().equals("/held")) {
            held.countDown();
            return release.asMono().then(response.writeWith(Mono.fromSupplier(
                    () -> response.bufferFactory().wrap("held".getBytes(US_ASCII)))));
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap("here".getBytes(US_ASCII))));
    }

    private HttpClient h2Client(ConnectionProvider connections) {
        return HttpClient.create(connections).protocol(HttpProtocol.H2)
                .secure(spec -> spec.sslContext(Http2SslContextSpec.forClient()
                        .configure(builder -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))))
                .baseUrl("https://localhost:" + edge.httpsPort());
    }

    private static io.netty.handler.ssl.SslContext noAlpnClientContext() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK TLS socket trusting anything, offering the given ALPN protocols (none by default). */
    private SSLSocket tlsSocket(String... alpn) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", edge.httpsPort());
            socket.setSoTimeout((int) PATIENCE.toMillis());
            if (alpn.length > 0) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(alpn);
                socket.setSSLParameters(parameters);
            }
            return socket;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeFrame(OutputStream out, int type, int flags, byte[] payload) throws IOException {
        writeFrame(out, type, flags, 0, payload);
    }

    private static void writeFrame(OutputStream out, int type, int flags, int streamId, byte[] payload)
            throws IOException {
        byte[] frame = new byte[9 + payload.length];
        frame[5] = (byte) (streamId >>> 24);
        frame[6] = (byte) (streamId >>> 16);
        frame[7] = (byte) (streamId >>> 8);
        frame[8] = (byte) streamId;
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        out.write(frame);
        out.flush();
    }

    private static SelfSignedCertificate selfSigned() {
        try {
            return new SelfSignedCertificate("localhost", "EC", 256);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
