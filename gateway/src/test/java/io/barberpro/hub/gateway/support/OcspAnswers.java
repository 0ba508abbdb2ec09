package io.barberpro.hub.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * DER OCSP responses (RFC 6960) as a partner CA's responder would send them, served by WireMock: about one
 * certificate, signed by the key given (the CA's own, or another to make a forged answer), the responder named by
 * that key's hash. Current for an hour either side of the machine's time, by which the JDK judges an answer's
 * freshness; a revocation it weighs against the validation date, the hub's clock.
 */
public final class OcspAnswers {

    private static final Duration HOUR = Duration.ofHours(1);

    private OcspAnswers() {
    }

    public static byte[] good(TestPki.Issued ca, X509Certificate certificate) {
        return answer(ca, certificate, CertificateStatus.GOOD, ca, Instant.now().minus(HOUR), Instant.now().plus(HOUR));
    }

    public static byte[] revoked(TestPki.Issued ca, X509Certificate certificate, Instant revokedAt) {
        return answer(ca, certificate, new RevokedStatus(Date.from(revokedAt), CRLReason.keyCompromise), ca,
                Instant.now().minus(HOUR), Instant.now().plus(HOUR));
    }

    /** A "good" answer about a certificate of {@code ca}, signed by {@code signer} instead of the CA. */
    public static byte[] goodSignedBy(TestPki.Issued signer, TestPki.Issued ca, X509Certificate certificate) {
        return answer(ca, certificate, CertificateStatus.GOOD, signer, Instant.now().minus(HOUR),
                Instant.now().plus(HOUR));
    }

    /** A "good" answer whose nextUpdate passed two hours ago. */
    public static byte[] goodButOutdated(TestPki.Issued ca, X509Certificate certificate) {
        return answer(ca, certificate, CertificateStatus.GOOD, ca, Instant.now().minus(HOUR.multipliedBy(3)),
                Instant.now().minus(HOUR.multipliedBy(2)));
    }

    /** Where a device's certificate names its responder: a path of its own on {@code responder}. */
    public static String responderUrl(WireMockServer responder, String device) {
        return responder.baseUrl() + "/ocsp/" + device;
    }

    /** The JDK asks by GET with the request in the path when it is short, else by POST: both are served. */
    public static void serve(WireMockServer responder, String device, byte[] der) {
        responder.stubFor(any(urlPathMatching("/ocsp/" + device + ".*"))
                .willReturn(aResponse().withHeader("Content-Type", "application/ocsp-response").withBody(der)));
    }

    private static byte[] answer(TestPki.Issued ca, X509Certificate certificate, CertificateStatus status,
                                 TestPki.Issued signer, Instant thisUpdate, Instant nextUpdate) {
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(ca.certificate()), certificate.getSerialNumber());
            JcaBasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(signer.keys().getPublic(),
                    digests.get(CertificateID.HASH_SHA1));
            builder.addResponse(id, status, Date.from(thisUpdate), Date.from(nextUpdate));
            BasicOCSPResp signed = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keys().getPrivate()), null,
                    Date.from(thisUpdate));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, signed).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
