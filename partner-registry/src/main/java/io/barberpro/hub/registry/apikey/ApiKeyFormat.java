package io.barberpro.hub.registry.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API key format {@code bph_<8 visible chars>_<43 chars>}: the visible part identifies the key
 * in lists and logs, the secret part is 32 random bytes (256 bits) in base64url. The registry
 * stores only {@link #hash SHA-256 of the whole key}.
 */
public final class ApiKeyFormat {

    static final String SCHEME = "bph_";
    private static final char[] PREFIX_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final int PREFIX_LENGTH = 8;
    private static final int SECRET_BYTES = 32;
    private static final int KEY_LENGTH = SCHEME.length() + PREFIX_LENGTH + 1 + 43;
    /** SHA-256 engines are cloneable; a clone skips the provider lookup of {@code getInstance} on every request. */
    private static final MessageDigest SHA_256 = sha256();

    private final SecureRandom random;

    public ApiKeyFormat(SecureRandom random) {
        this.random = random;
    }

    /** A fresh key; the caller shows it once and keeps only {@link #prefixOf} and {@link #hash}. */
    public String generate() {
        StringBuilder key = new StringBuilder(SCHEME);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            key.append(PREFIX_ALPHABET[random.nextInt(PREFIX_ALPHABET.length)]);
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return key.append('_').append(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)).toString();
    }

    /**
     * The visible prefix ({@code bph_xxxxxxxx}) of a well-formed key
     * ({@code bph_[a-z2-9]{8}_[A-Za-z0-9_-]{43}}), or {@code null}. Checked by hand: it runs on every
     * request that carries a key.
     */
    public static String prefixOf(String presented) {
        if (presented == null || presented.length() != KEY_LENGTH || !presented.startsWith(SCHEME)) {
            return null;
        }
        int prefixEnd = SCHEME.length() + PREFIX_LENGTH;
        for (int i = SCHEME.length(); i < prefixEnd; i++) {
            char c = presented.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '9')) {
                return null;
            }
        }
        if (presented.charAt(prefixEnd) != '_') {
            return null;
        }
        for (int i = prefixEnd + 1; i < KEY_LENGTH; i++) {
            char c = presented.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return null;
            }
        }
        return presented.substring(0, prefixEnd);
    }

    public static byte[] hash(String key) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 engine was cloneable when the class loaded", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.clone();
            return digest;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE, and cloneable", e);
        }
    }
}
