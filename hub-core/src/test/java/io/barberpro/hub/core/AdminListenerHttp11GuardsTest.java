package io.barberpro.hub.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.core.listener.ListenerProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

/**
 * The admin listener is Boot's own Netty server: these tests build it as Boot does, with the hub's customizer,
 * and talk to it over a plain socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminListenerHttp11GuardsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    private final AtomicInteger served = new AtomicInteger();
    private WebServer admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.stop();
        }
    }

    @Test
    void aHeaderLeftIncompleteOnTheAdminListenerIsAnswered408AndTheConnectionClosed() throws IOException {
        // given: an admin listener giving header blocks 300 ms and idle connections a minute
        startAdmin(new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofSeconds(30)));

        try (Socket socket = new Socket("127.0.0.1", admin.getPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: a client starts a header block and stops
            socket.getOutputStream().write("GET /admin/v1/partners HTTP/1.1\r\nHost: ad".getBytes(US_ASCII));

            // then: a 408 problem, and the connection closed (reading to its end would time out otherwise)
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    .contains("content-type: application/problem+json\r\n", "\"code\":\"request-timeout\"");
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void anAdminConnectionWithNoRequestForTheIdleTimeoutAfterItsAnswerIsClosed() throws IOException {
        // given: an admin listener closing connections idle for 300 ms
        startAdmin(new ListenerProperties.Admin(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(30)));

        try (Socket socket = new Socket("127.0.0.1", admin.getPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: a client is answered and then sends nothing more
            socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: admin\r\n\r\n".getBytes(US_ASCII));

            // then: the answer, and the connection closed by the listener (reading to its end would time out otherwise)
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 204 No Content\r\n");
            assertThat(served).hasValue(1);
        }
    }

    @Test
    void aRequestTheAdminListenerCannotDecodeIsAnsweredWithA400ProblemAndLoggedUnderItsRequestId(
            CapturedOutput output) throws IOException {
        // given: an admin listener with the usual limits
        startAdmin(new ListenerProperties.Admin(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30)));

        try (Socket socket = new Socket("127.0.0.1", admin.getPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());

            // when: a request with a header name that is no token
            socket.getOutputStream().write("GET /admin/v1/partners?page=2 HTTP/1.1\r\nHost: admin\r\nBad Name: x\r\n\r\n"
                    .getBytes(US_ASCII));

            // then: a bad-request problem, not Reactor Netty's empty 400, and the connection closed
            String exchanged = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertThat(exchanged).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("content-type: application/problem+json\r\n", "connection: close\r\n",
                            "\"code\":\"bad-request\"")
                    .as("dated by the application's clock").contains("date: Wed, 04 Mar 2026 05:06:07 GMT\r\n");
            assertThat(served).hasValue(0);

            // and: an INFO line an operator finds by the problem's request id (written off the event loop)
            Matcher requestId = Pattern.compile("(?i)x-request-id: (\\S+)\r\n").matcher(exchanged);
            assertThat(requestId.find()).as("the problem's X-Request-Id in %s", exchanged).isTrue();
            String line = "INFO .*Admin listener refused a request: request_id=" + Pattern.quote(requestId.group(1))
                    + " method=GET path=/admin/v1/partners protocol=HTTP/1.1 status=400 latency_ms=\\d+";
            assertThat(Mono.fromSupplier(output::getOut).filter(out -> Pattern.compile(line).matcher(out).find())
                    .repeatWhenEmpty(polls -> polls.delayElements(Duration.ofMillis(20)))
                    .timeout(PATIENCE, Mono.empty()).blockOptional()).as("a line matching %s", line).isPresent();
        }
    }

    private void startAdmin(ListenerProperties.Admin limits) {
        ListenerProperties properties = new ListenerProperties(
                new ListenerProperties.Edge("127.0.0.1", -1, -1, DataSize.ofKilobytes(8), DataSize.ofKilobytes(8), Duration.ofSeconds(60),
                        Duration.ofSeconds(10), Duration.ofSeconds(30), true, 100, true, Duration.ofSeconds(20)), 0,
                List.of("/admin/", "/actuator"), limits);
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        factory.addServerCustomizers(new HubCoreAutoConfiguration().adminListenerHttp11Guards(properties, CLOCK));
        admin = factory.getWebServer((request, response) -> {
            served.incrementAndGet();
            response.setStatusCode(HttpStatus.NO_CONTENT);
            return response.setComplete();
        });
        admin.start();
    }
}
