package io.barberpro.hub.registry.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub CA: an EC P-256 key signing with SHA256withECDSA. P-256 over RSA 3072 because keys are
 * generated in milliseconds (onboarding issues one per partner), certificates are small, and every
 * TLS stack and OpenSSL 3 handle it. Immutable; shared by every node via {@link JdbcHubCaStore}.
 */
public final class HubCertificateAuthority {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** A DNS name, optionally with a leading wildcard label (RFC 6125 §6.4.3). */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String fingerprint;
    private final SecureRandom random;

    HubCertificateAuthority(X509Certificate certificate, PrivateKey privateKey, SecureRandom random) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = Pem.sha256Fingerprint(certificate);
        this.random = random;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** Lower-case hex SHA-256 of the CA certificate's DER. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Whether the hub CA's key signed this certificate (chain of one; validity is checked separately). */
    public boolean issued(X509Certificate candidate) {
        if (!candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            candidate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static KeyPair generateEcKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /** A new self-signed CA certificate and key. */
    static HubCertificateAuthority generate(X500Name subject, Instant now, Duration validity,
                                            SecureRandom random) {
        KeyPair keyPair = generateEcKeyPair(random);
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serial(random),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            return new HubCertificateAuthority(certificate, keyPair.getPrivate(), random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot generate the hub CA", e);
        }
    }

    /** A TLS client certificate for a partner (clientAuth). */
    X509Certificate issueClientCertificate(X500Name subject, SubjectPublicKeyInfo publicKey, Instant now,
                                           Duration validity) {
        boolean rsa = PKCSObjectIdentifiers.rsaEncryption.equals(publicKey.getAlgorithm().getAlgorithm());
        int usage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0);
        return issue(subject, publicKey, now, validity, new KeyUsage(usage),
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth), null);
    }

    /** A TLS server certificate for the partner edge (serverAuth) naming every host in {@code names}. */
    X509Certificate issueServerCertificate(List<String> names, SubjectPublicKeyInfo publicKey, Instant now,
                                           Duration validity) {
        GeneralName[] alternatives = names.stream().map(HubCertificateAuthority::generalName)
                .toArray(GeneralName[]::new);
        return issue(x500Name("CN=" + names.get(0) + ",O=BarberPro Partner Hub"), publicKey, now, validity,
                new KeyUsage(KeyUsage.digitalSignature), new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth),
                new GeneralNames(alternatives));
    }

    /**
     * An RFC 4514 string ("CN=x,O=y") to a name in DER order (O then CN). Going through X500Principal
     * reverses the string as the RFC requires; BouncyCastle's own parser would keep CN first.
     */
    static X500Name x500Name(String rfc4514) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(rfc4514).getEncoded());
    }

    /** A SAN entry: an IP address literal (v4 or v6) or a DNS name; anything else is a configuration error. */
    static GeneralName generalName(String name) {
        if (IPV4.matcher(name).matches() || name.contains(":")) {
            try {
                // BouncyCastle parses and validates the literal itself; no DNS lookup is involved
                return new GeneralName(GeneralName.iPAddress, name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hub.pki.server-names: not an IP address: " + name);
            }
        }
        if (name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("hub.pki.server-names: not a DNS name or IP address: " + name);
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    private X509Certificate issue(X500Name subject, SubjectPublicKeyInfo publicKey, Instant now,
                                  Duration validity, KeyUsage keyUsage, ExtendedKeyUsage extendedKeyUsage,
                                  GeneralNames subjectAlternativeNames) {
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial(random),
                    Date.from(now.minusSeconds(300)), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, keyUsage)
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey));
            if (subjectAlternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
            }
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** 128 random bits, positive and non-zero (RFC 5280 §4.1.2.2). */
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    boolean keyMatchesCertificate() {
        try {
            byte[] probe = new byte[32];
            random.nextBytes(probe);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }
}
