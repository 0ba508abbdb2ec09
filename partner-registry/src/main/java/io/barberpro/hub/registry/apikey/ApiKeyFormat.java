package io.barberpro.hub.registry.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern WELL_FORMED = Pattern.compile("(bph_[a-z2-9]{8})_[A-Za-z0-9_-]{43}");

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

    /** The visible prefix ({@code bph_xxxxxxxx}) of a well-formed key, or {@code null}. */
    public static String prefixOf(String presented) {
        if (presented == null || presented.length() != 56) {
            return null;
        }
        Matcher matcher = WELL_FORMED.matcher(presented);
        return matcher.matches() ? matcher.group(1) : null;
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
