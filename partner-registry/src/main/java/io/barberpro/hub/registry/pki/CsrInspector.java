package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.io.IOException;
import java.io.StringReader;
import java.security.Provider;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Accepts a partner's PKCS#10 CSR only if it is well-formed PEM, its self-signature verifies
 * (proof the partner holds the key) and the key is strong: RSA ≥ 2048 bits or EC P-256/P-384.
 * The CSR's subject and requested extensions are ignored: the hub decides what it certifies.
 */
final class CsrInspector {

    /** Far above any real CSR; stops a huge body from reaching the ASN.1 parser. */
    static final int MAX_PEM_LENGTH = 16 * 1024;
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 8192;
    private static final Set<ASN1ObjectIdentifier> ALLOWED_CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1);

    // Not registered globally: only CSR verification needs BouncyCastle's EC key factory (see STACK.md).
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private CsrInspector() {
    }

    static SubjectPublicKeyInfo verifiedPublicKey(String csrPem) {
        PKCS10CertificationRequest csr = parse(csrPem);
        SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
        checkStrength(key);
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BOUNCY_CASTLE).build(key));
        } catch (Exception e) {
            throw invalid("The CSR's signature cannot be verified");
        }
        if (!valid) {
            throw invalid("The CSR's signature does not match its public key");
        }
        return key;
    }

    private static PKCS10CertificationRequest parse(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) {
            throw invalid("The CSR is empty");
        }
        if (csrPem.length() > MAX_PEM_LENGTH) {
            throw invalid("The CSR is larger than " + MAX_PEM_LENGTH + " characters");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw invalid("The CSR is not a PEM-encoded PKCS#10 request");
        }
        if (!(parsed instanceof PKCS10CertificationRequest csr)) {
            throw invalid("The CSR is not a PEM-encoded PKCS#10 request (expected BEGIN CERTIFICATE REQUEST)");
        }
        return csr;
    }

    private static void checkStrength(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            int bits;
            try {
                bits = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
            } catch (IOException | RuntimeException e) {
                throw invalid("The CSR's RSA key is malformed");
            }
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw invalid("RSA keys must have 2048 to 8192 bits; this one has " + bits);
            }
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            Object parameters = key.getAlgorithm().getParameters();
            if (!(parameters instanceof ASN1ObjectIdentifier curve) || !ALLOWED_CURVES.contains(curve)) {
                throw invalid("EC keys must use the named curve P-256 or P-384");
            }
        } else {
            throw invalid("The CSR's key must be RSA (2048 bits or more) or EC P-256/P-384");
        }
    }

    private static HubProblemException invalid(String detail) {
        return new HubProblemException(HubError.INVALID_CSR, detail);
    }
}
