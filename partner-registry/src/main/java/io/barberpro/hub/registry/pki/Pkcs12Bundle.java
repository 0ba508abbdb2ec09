package io.barberpro.hub.registry.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Builds the PKCS#12 a partner receives with a hub-generated key: key and certificates encrypted with
 * PBES2 (AES-256-CBC, PBKDF2-HMAC-SHA256) and an HMAC-SHA256 integrity MAC, which OpenSSL 3, Java and
 * curl read.
 *
 * <p>Built with BouncyCastle rather than the JDK keystore so the PBKDF2 work factor is ours: the JDK's
 * 10,000 iterations on three derivations cost tens of milliseconds per onboarding. The password is 144
 * random bits, so iterations add nothing against guessing it; 2,048 is OpenSSL's own default.
 */
final class Pkcs12Bundle {

    static final int ITERATIONS = 2048;
    static final String ALIAS = "client";
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Pkcs12Bundle() {
    }

    /** @param chain leaf first, then its issuers */
    static String base64(PrivateKey key, X509Certificate[] chain, char[] password) {
        try {
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                    .setIterationCount(ITERATIONS)
                    .setProvider(BOUNCY_CASTLE)
                    .build(password);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            // friendlyName + localKeyId pair the key with its certificate for every reader
            var localKeyId = extensions.createSubjectKeyIdentifier(chain[0].getPublicKey());
            PKCS12SafeBag[] certificates = new PKCS12SafeBag[chain.length];
            for (int i = 0; i < chain.length; i++) {
                JcaPKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(chain[i]);
                if (i == 0) {
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(ALIAS));
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
                }
                certificates[i] = bag.build();
            }
            PKCS12SafeBag keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor)
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(ALIAS))
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId)
                    .build();
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder()
                    .addEncryptedData(encryptor, certificates)
                    .addData(keyBag);
            byte[] der = pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                            .setIterationCount(ITERATIONS).setProvider(BOUNCY_CASTLE), password)
                    .getEncoded(ASN1Encoding.DER);
            return Base64.getEncoder().encodeToString(der);
        } catch (OperatorCreationException | PKCSException | IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the PKCS#12 bundle", e);
        }
    }
}
