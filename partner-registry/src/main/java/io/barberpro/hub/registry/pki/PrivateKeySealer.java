package io.barberpro.hub.registry.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Seals private keys for storage: AES-256-GCM over the PKCS#8 encoding, with a purpose string as
 * associated data so a sealed key cannot be moved to another row or role unnoticed.
 * Layout: version (1 byte) | nonce (12) | ciphertext + tag.
 */
public final class PrivateKeySealer {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey masterKey;
    private final SecureRandom random;

    public PrivateKeySealer(SecretKey masterKey, SecureRandom random) {
        this.masterKey = masterKey;
        this.random = random;
    }

    public byte[] seal(PrivateKey key, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = key.getEncoded();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a private key", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public PrivateKey unseal(byte[] sealed, String purpose) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("Stored private key for " + purpose + " has an unknown format");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(plain));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Stored private key for " + purpose
                    + " cannot be opened with the configured master key (hub.pki.master-key / master-key-file);"
                    + " every node must use the key the material was created with");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot open the stored private key for " + purpose, e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
