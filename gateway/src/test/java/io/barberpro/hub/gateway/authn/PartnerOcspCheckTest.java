package io.barberpro.hub.gateway.authn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.barberpro.hub.gateway.HubGatewayProperties.Mtls;
import io.barberpro.hub.gateway.HubGatewayProperties.Mtls.Ocsp;
import io.barberpro.hub.gateway.HubGatewayProperties.Mtls.StaleCrl;
import io.barberpro.hub.gateway.support.MutableClock;
import io.barberpro.hub.gateway.support.OcspAnswers;
import io.barberpro.hub.gateway.support.TestPki;
import io.barberpro.hub.registry.api.PartnerClientCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's own OCSP client against WireMock as the partner CA's responder, serving answers BouncyCastle signed. */
class PartnerOcspCheckTest {

    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final WireMockServer RESPONDER = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private final TestPki partnerCa = new TestPki("Acme Devices");
    private final PartnerClientCa ca = new PartnerClientCa("ca-1", UUID.randomUUID(), partnerCa.ca().certificate(), null);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<PartnerOcspCheck> checks = new ArrayList<>();

    @BeforeAll
    static void startResponder() {
        RESPONDER.start();
    }

    @AfterAll
    static void stopResponder() {
        RESPONDER.stop();
    }

    @BeforeEach
    void resetResponder() {
        RESPONDER.resetAll();
    }

    @AfterEach
    void closeChecks() {
        checks.forEach(PartnerOcspCheck::close);
    }

    @Test
    void aCertificateTheResponderCallsGoodPassesAndItsAnswerIsReusedUntilTheCacheTtlPasses() {
        // given
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-1", responder("till-1"));
        answer("till-1", OcspAnswers.good(partnerCa.ca(), device.certificate()));
        PartnerOcspCheck check = check(Ocsp.HARD_FAIL);

        // when: asked twice within the TTL, then once after it
        String first = refusal(check, device);
        String second = refusal(check, device);
        int askedWithinTtl = RESPONDER.findAll(anyRequestedFor(urlPathMatching("/ocsp/till-1.*"))).size();
        clock.advance(CACHE_TTL.plusSeconds(1));
        String afterTtl = refusal(check, device);

        // then
        assertThat(first).isNull();
        assertThat(second).isNull();
        assertThat(afterTtl).isNull();
        assertThat(askedWithinTtl).isEqualTo(1);
        assertThat(RESPONDER.findAll(anyRequestedFor(urlPathMatching("/ocsp/till-1.*")))).hasSize(2);
        assertThat(answers("good")).isEqualTo(2);
    }

    @Test
    void aCertificateTheResponderCallsRevokedIsRefusedEvenInSoftFail() {
        // given
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("lost-till", responder("lost-till"));
        answer("lost-till", OcspAnswers.revoked(partnerCa.ca(), device.certificate(),
                clock.instant().minus(Duration.ofHours(1))));

        // when
        String refusal = refusal(check(Ocsp.SOFT_FAIL), device);

        // then
        assertThat(refusal).isEqualTo(PartnerOcspCheck.REVOKED);
    }

    @Test
    void anAnswerSignedByAnotherKeyThanTheCasIsNoAnswer() {
        // given: a "good" answer about the device, signed by a CA that is not the device's
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-2", responder("till-2"));
        answer("till-2", OcspAnswers.goodSignedBy(new TestPki("Forger").ca(), partnerCa.ca(), device.certificate()));

        // when
        String hardFail = refusal(check(Ocsp.HARD_FAIL), device);
        String softFail = refusal(check(Ocsp.SOFT_FAIL), device);

        // then
        assertThat(hardFail).isEqualTo(PartnerOcspCheck.UNDETERMINED);
        assertThat(softFail).isNull();
    }

    @Test
    void aResponderThatFailsRefusesTheCertificateInHardFailLetsItThroughInSoftFailAndIsAskedAgainAfterTheRetryInterval() {
        // given
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-3", responder("till-3"));
        RESPONDER.stubFor(any(urlPathMatching("/ocsp/till-3.*")).willReturn(aResponse().withStatus(503)));
        PartnerOcspCheck hard = check(Ocsp.HARD_FAIL);

        // when
        String hardFail = refusal(hard, device);
        String softFail = refusal(check(Ocsp.SOFT_FAIL), device);
        answer("till-3", OcspAnswers.good(partnerCa.ca(), device.certificate()));
        String withinRetryInterval = refusal(hard, device);
        clock.advance(RETRY.plusSeconds(1));
        String afterRetryInterval = refusal(hard, device);

        // then
        assertThat(hardFail).isEqualTo(PartnerOcspCheck.UNDETERMINED);
        assertThat(softFail).isNull();
        assertThat(withinRetryInterval).isEqualTo(PartnerOcspCheck.UNDETERMINED);
        assertThat(afterRetryInterval).isNull();
        assertThat(answers("undetermined")).isEqualTo(2);
        assertThat(answers("good")).isEqualTo(1);
    }

    @Test
    void anAnswerPastItsNextUpdateIsNoAnswer() {
        // given: a responder serving an answer whose nextUpdate passed two hours ago
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-6", responder("till-6"));
        answer("till-6", OcspAnswers.goodButOutdated(partnerCa.ca(), device.certificate()));

        // when
        String refusal = refusal(check(Ocsp.HARD_FAIL), device);

        // then
        assertThat(refusal).isEqualTo(PartnerOcspCheck.UNDETERMINED);
    }

    @Test
    void aCertificateNamingNoResponderIsNotAskedAbout() {
        // given
        TestPki.Issued device = partnerCa.client("till-4");

        // when
        String refusal = refusal(check(Ocsp.HARD_FAIL), device);

        // then
        assertThat(refusal).isNull();
        assertThat(RESPONDER.getAllServeEvents()).isEmpty();
    }

    @Test
    void aResponderNamedByAnythingButAnHttpUriIsNotAsked() {
        // given
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-7", "file:///etc/passwd");

        // when
        String refusal = refusal(check(Ocsp.HARD_FAIL), device);

        // then: judged by the CRL alone
        assertThat(PartnerOcspCheck.namesOcspResponder(device.certificate())).isFalse();
        assertThat(refusal).isNull();
    }

    @Test
    void switchedOffNothingIsAsked() {
        // given
        TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-5", responder("till-5"));
        answer("till-5", OcspAnswers.revoked(partnerCa.ca(), device.certificate(),
                clock.instant().minus(Duration.ofHours(1))));

        // when
        String refusal = refusal(check(Ocsp.OFF), device);

        // then
        assertThat(refusal).isNull();
        assertThat(RESPONDER.getAllServeEvents()).isEmpty();
    }

    @Test
    void aResponderThatHangsHoldsOneOfTheChecksOwnThreadsNotTheSharedBlockingPoolAndSoftFailLetsTheCertificateThrough()
            throws Exception {
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // given: a responder that takes the connection and never answers
            hanging.setSoTimeout((int) PATIENCE.toMillis());
            TestPki.Issued device = partnerCa.clientNamingOcspResponder("till-8",
                    "http://127.0.0.1:" + hanging.getLocalPort() + "/ocsp");
            PartnerOcspCheck check = check(Ocsp.SOFT_FAIL, Duration.ofSeconds(1));

            // when
            CompletableFuture<String> refusal = check.refusal("fingerprint-of-till-8", ca,
                    new X509Certificate[] {device.certificate()}).toFuture();
            try (Socket asked = hanging.accept()) {
                List<String> asking = threadsInsideTheJdksOcspClient();

                // then
                assertThat(asking).isNotEmpty().allMatch(name -> name.startsWith("hub-ocsp"));
                assertThat(refusal.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isNull();
                assertThat(answers("undetermined")).isEqualTo(1);
            }
        }
    }

    private static List<String> threadsInsideTheJdksOcspClient() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().equals("sun.security.provider.certpath.OCSP")))
                .map(thread -> thread.getKey().getName())
                .toList();
    }

    private double answers(String outcome) {
        return meters.counter("hub.gateway.mtls.ocsp.answers", "outcome", outcome).count();
    }

    private PartnerOcspCheck check(Ocsp mode) {
        return check(mode, Duration.ofSeconds(5));
    }

    private PartnerOcspCheck check(Ocsp mode, Duration timeout) {
        PartnerOcspCheck check = new PartnerOcspCheck(new Mtls(StaleCrl.REFUSE, mode, CACHE_TTL, RETRY, timeout, 8),
                clock, meters);
        checks.add(check);
        return check;
    }

    private String refusal(PartnerOcspCheck check, TestPki.Issued device) {
        X509Certificate[] chain = {device.certificate()};
        return check.refusal("fingerprint-of-" + device.certificate().getSerialNumber(), ca, chain).block(PATIENCE);
    }

    private static void answer(String device, byte[] der) {
        OcspAnswers.serve(RESPONDER, device, der);
    }

    private static String responder(String device) {
        return OcspAnswers.responderUrl(RESPONDER, device);
    }
}
