package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.gateway.HubGatewayProperties.Mtls;
import io.barberpro.hub.gateway.HubGatewayProperties.Mtls.Ocsp;
import io.barberpro.hub.registry.api.PartnerClientCa;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Asks the OCSP responder a partner CA's certificate names (RFC 6960) whether it is revoked, for a chain that
 * validated to that CA and passed its CRL. The JDK's own revocation checker asks and verifies the answer (signed
 * by the CA or by a responder it delegated to, about this certificate, current); it blocks on the network, so it
 * runs on threads of its own ({@code hub-ocsp-*}, as many as {@code ocsp-concurrency}), never on an event loop nor
 * in the shared blocking pool, and only when no recent answer is held: answers are kept per certificate for the
 * cache TTL, and concurrent requests with the same certificate share one question. Only the certificate presented
 * is asked about, not the intermediates above it (the CRL covers those). The JDK weighs a revocation against the
 * hub's clock, but an answer's freshness (thisUpdate, nextUpdate) against the machine's, with 15 minutes of
 * leeway ({@code com.sun.security.ocsp.clockSkew}).
 */
final class PartnerOcspCheck implements AutoCloseable {

    static final String REVOKED = "certificate revoked by its partner CA's OCSP responder";
    static final String UNDETERMINED = "no usable answer from the partner CA's OCSP responder";

    private static final Logger log = LoggerFactory.getLogger(PartnerOcspCheck.class);
    private static final int MAX_CACHED = 10_000;
    private static final int MAX_WAITING_QUESTIONS = 10_000;
    private static final int IDLE_THREAD_SECONDS = 60;
    private static final List<String> JDK_OCSP_TIMEOUTS =
            List.of("com.sun.security.ocsp.timeout", "com.sun.security.ocsp.readtimeout");

    /** {@code until} is {@link Instant#MAX} while the question is still open. */
    private record Entry(Mono<Outcome> answer, Instant until) {
    }

    private record Outcome(boolean revoked, String undetermined) {

        static final Outcome GOOD = new Outcome(false, null);
        static final Outcome REVOKED_ANSWER = new Outcome(true, null);
    }

    private final Mtls settings;
    private final Clock clock;
    private final Map<String, Entry> answers = new ConcurrentHashMap<>();
    private final Counter good;
    private final Counter revoked;
    private final Counter undetermined;
    private final Scheduler questions;

    PartnerOcspCheck(Mtls settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.questions = Schedulers.newBoundedElastic(settings.ocspConcurrency(), MAX_WAITING_QUESTIONS, "hub-ocsp",
                IDLE_THREAD_SECONDS, true);
        boundJdkWaits(settings.ocspTimeout());
        this.good = answersCounter(meters, "good");
        this.revoked = answersCounter(meters, "revoked");
        this.undetermined = answersCounter(meters, "undetermined");
    }

    /**
     * The JDK's OCSP client waits 15 s to connect and 15 s to read by default, long after the hub stopped waiting at
     * {@code ocsp-timeout}, so a responder that hangs would hold a thread that long. Its only knobs are these system
     * properties, read once when the JDK first asks a responder; an operator's own {@code -D} setting is kept.
     */
    private static void boundJdkWaits(Duration timeout) {
        for (String property : JDK_OCSP_TIMEOUTS) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, timeout.toMillis() + "ms");
            }
        }
    }

    @Override
    public void close() {
        questions.dispose();
    }

    /** Questions to responders, not requests: an answer kept in the cache is counted once. */
    private static Counter answersCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("hub.gateway.mtls.ocsp.answers")
                .description("Answers of partner CAs' OCSP responders, by what they said")
                .tag("outcome", outcome)
                .register(meters);
    }

    /**
     * @param fingerprint the presented certificate's SHA-256 fingerprint
     * @param chain       a chain PKIX validated up to {@code ca}
     * @return why the chain is refused (for logs only), or empty when it passes
     */
    Mono<String> refusal(String fingerprint, PartnerClientCa ca, X509Certificate[] chain) {
        if (settings.ocsp() == Ocsp.OFF || !namesOcspResponder(chain[0])) {
            return Mono.empty();
        }
        return answer(fingerprint + '/' + ca.caId(), ca, chain).mapNotNull(this::refusal);
    }

    private String refusal(Outcome outcome) {
        if (outcome.revoked()) {
            return REVOKED;
        }
        return outcome.undetermined() != null && settings.ocsp() == Ocsp.HARD_FAIL ? UNDETERMINED : null;
    }

    private Mono<Outcome> answer(String key, PartnerClientCa ca, X509Certificate[] chain) {
        Instant now = clock.instant();
        Entry held = answers.get(key);
        if (held != null && held.until().isAfter(now)) {
            return held.answer();
        }
        if (answers.size() >= MAX_CACHED) {
            answers.clear();
        }
        // Held until the answer replaces it, so concurrent requests wait for the same question
        return answers.compute(key, (k, old) -> old != null && old.until().isAfter(now) ? old
                : new Entry(question(key, ca, chain, Date.from(now)), Instant.MAX)).answer();
    }

    private Mono<Outcome> question(String key, PartnerClientCa ca, X509Certificate[] chain, Date now) {
        return Mono.fromCallable(() -> ask(ca, chain, now))
                .subscribeOn(questions)
                .timeout(settings.ocspTimeout(),
                        Mono.fromSupplier(() -> new Outcome(false, "no answer within " + settings.ocspTimeout())))
                .onErrorResume(e -> Mono.just(new Outcome(false, e.toString())))
                .doOnNext(outcome -> remember(key, outcome, chain[0]))
                .cache();
    }

    private void remember(String key, Outcome outcome, X509Certificate certificate) {
        (outcome.revoked() ? revoked : outcome.undetermined() == null ? good : undetermined).increment();
        Duration keep = outcome.undetermined() == null ? settings.ocspCacheTtl() : settings.ocspRetryInterval();
        answers.put(key, new Entry(Mono.just(outcome), clock.instant().plus(keep)));
        if (outcome.undetermined() != null) {
            log.warn("OCSP status of partner certificate {} (serial {}) undetermined, {}: {}",
                    certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                    settings.ocsp() == Ocsp.HARD_FAIL ? "refused" : "let through", outcome.undetermined());
        }
    }

    /** Blocking: the JDK's checker fetches the answer over HTTP. */
    private static Outcome ask(PartnerClientCa ca, X509Certificate[] chain, Date now) {
        Set<TrustAnchor> anchor = Set.of(new TrustAnchor(ca.certificate(), null));
        List<X509Certificate> path = ChainToAnchor.below(chain, anchor);
        try {
            PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX")
                    .getRevocationChecker();
            // The partner's CRL is judged by PartnerCrlCheck, from the registry; here only the responder is asked
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            ChainToAnchor.validate(path, anchor, now, checker);
            return Outcome.GOOD;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return Outcome.REVOKED_ANSWER;
            }
            return new Outcome(false, e.getMessage());
        } catch (GeneralSecurityException e) {
            return new Outcome(false, e.toString());
        }
    }

    /**
     * Whether the responder the JDK would ask (the first OCSP access description) is an {@code http} URI, the
     * transport RFC 6960 Appendix A defines. Anything else is not asked: the hub fetches only what a partner CA
     * put there, and only over plain HTTP.
     */
    static boolean namesOcspResponder(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return false;
        }
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension));
            return Arrays.stream(access.getAccessDescriptions())
                    .filter(description -> AccessDescription.id_ad_ocsp.equals(description.getAccessMethod()))
                    .findFirst()
                    .map(AccessDescription::getAccessLocation)
                    .filter(location -> location.getTagNo() == GeneralName.uniformResourceIdentifier)
                    .map(location -> location.getName().toString().toLowerCase(Locale.ROOT).startsWith("http://"))
                    .orElse(false);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
