package io.barberpro.hub.registry.pki;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs as a partner would make them. */
final class TestCsrs {

    private TestCsrs() {
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    static byte[] csrDer(KeyPair keyPair, String signatureAlgorithm) throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                new X500Principal("CN=partner-chosen-name"), keyPair.getPublic())
                .build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate()));
        return csr.getEncoded();
    }

    static String csrPem(KeyPair keyPair, String signatureAlgorithm) throws Exception {
        return Pem.encode("CERTIFICATE REQUEST", csrDer(keyPair, signatureAlgorithm));
    }
}
