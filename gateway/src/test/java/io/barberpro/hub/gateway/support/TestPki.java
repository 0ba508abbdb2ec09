package io.barberpro.hub.gateway.support;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority in the shape of the hub's: an EC CA, a server certificate for
 * 127.0.0.1/localhost, and client certificates on demand. Also serves as the edge's TLS material.
 */
public final class TestPki implements EdgeTlsMaterial {

    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private static final Duration YEAR = Duration.ofDays(365);
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final Issued ca;
    private final Issued server;

    public TestPki(String name) {
        this.ca = selfSigned("CN=" + name + " CA,O=BarberPro Test");
        this.server = issue(ca, "CN=localhost", Instant.now().minus(YEAR), Instant.now().plus(YEAR), false, true);
    }

    public Issued ca() {
        return ca;
    }

    public Issued client(String commonName, Instant notBefore, Instant notAfter) {
        return issue(ca, "CN=" + commonName + ",O=Partner", notBefore, notAfter, false, false);
    }

    public Issued client(String commonName) {
        // valid a year either side of now, so test clocks set to a fixed day still fall inside
        return client(commonName, Instant.now().minus(YEAR), Instant.now().plus(YEAR));
    }

    /** An intermediate CA under this CA, a year either side of now. */
    public Issued intermediateCa(String commonName) {
        return issue(ca, "CN=" + commonName + ",O=Partner", Instant.now().minus(YEAR), Instant.now().plus(YEAR), true,
                false);
    }

    /** A client certificate signed by {@code issuer} (an {@link #intermediateCa}), a year either side of now. */
    public static Issued client(Issued issuer, String commonName) {
        return issue(issuer, "CN=" + commonName + ",O=Partner", Instant.now().minus(YEAR), Instant.now().plus(YEAR),
                false, false);
    }

    @Override
    public PrivateKey serverKey() {
        return server.keys().getPrivate();
    }

    @Override
    public List<X509Certificate> serverCertificateChain() {
        return List.of(server.certificate(), ca.certificate());
    }

    @Override
    public List<X509Certificate> advertisedClientCertificateAuthorities() {
        return List.of(ca.certificate());
    }

    private static Issued selfSigned(String subject) {
        KeyPair keys = keyPair();
        return new Issued(keys, build(subject, keys, subject, keys.getPrivate(), Instant.now().minus(YEAR.multipliedBy(2)),
                Instant.now().plus(YEAR.multipliedBy(10)), true, false));
    }

    /**
     * A client certificate of this CA, a year either side of now, naming {@code ocspResponder} in its
     * authorityInfoAccess (RFC 5280 §4.2.2.1).
     */
    public Issued clientNamingOcspResponder(String commonName, String ocspResponder) {
        KeyPair keys = keyPair();
        return new Issued(keys, build("CN=" + commonName + ",O=Partner", keys, issuerName(ca), ca.keys().getPrivate(),
                Instant.now().minus(YEAR), Instant.now().plus(YEAR), false, false, ocspResponder));
    }

    private static Issued issue(Issued issuer, String subject, Instant notBefore, Instant notAfter, boolean ca,
                                boolean server) {
        KeyPair keys = keyPair();
        return new Issued(keys, build(subject, keys, issuerName(issuer), issuer.keys().getPrivate(), notBefore, notAfter,
                ca, server));
    }

    private static String issuerName(Issued issuer) {
        return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()).toString();
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey signer,
                                         Instant notBefore, Instant notAfter, boolean ca, boolean server) {
        return build(subject, keys, issuer, signer, notBefore, notAfter, ca, server, null);
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey signer,
                                         Instant notBefore, Instant notAfter, boolean ca, boolean server,
                                         String ocspResponder) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            if (ocspResponder != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspResponder)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
