package io.barberpro.hub.registry.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A partner's own client CA for tests: its certificate, and CRLs it (or an impostor) signs. */
record TestClientCa(String subject, KeyPair keys, X509Certificate certificate) {

    /** A self-signed EC CA valid from a year before {@code now} for a year after it. */
    static TestClientCa create(String subject, int keyUsage, Instant now) throws Exception {
        KeyPair keys = TestCsrs.ec("secp256r1");
        var builder = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(Duration.ofDays(365))), Date.from(now.plus(Duration.ofDays(365))),
                new X500Name(subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new TestClientCa(subject, keys, certificate);
    }

    /** A complete CRL, DER, revoking {@code serials}; {@code number} may be null (no cRLNumber). */
    byte[] crl(Instant thisUpdate, Instant nextUpdate, BigInteger number, BigInteger... serials) throws Exception {
        return crl(subject, keys, thisUpdate, nextUpdate, number, false, serials);
    }

    /** A CRL as {@link #crl} but of any issuer name and signing key, optionally marked as a delta CRL. */
    static byte[] crl(String issuer, KeyPair signer, Instant thisUpdate, Instant nextUpdate, BigInteger number,
                      boolean delta, BigInteger... serials) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new X500Name(issuer), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : serials) {
            builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        if (number != null) {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
        }
        if (delta) {
            builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.ONE));
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())).getEncoded();
    }
}
