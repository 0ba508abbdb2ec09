package io.barberpro.hub.registry.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bearer token, held only as its SHA-256. The plaintext exists in memory just long enough
 * to hash it, and is logged exactly once: when it is generated on first start.
 */
public final class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final String PREFIX = "hubadm_";

    private final byte[] sha256;

    private AdminToken(String token) {
        this.sha256 = sha256(token);
    }

    /** From {@code hub.admin.token}, else from the token file, generating the file on first start. */
    public static AdminToken load(AdminProperties properties, SecureRandom random) {
        if (properties.token() != null) {
            return new AdminToken(properties.token());
        }
        Path file = properties.tokenFile();
        if (Files.exists(file)) {
            return new AdminToken(read(file));
        }
        String generated = generate(random);
        try {
            write(file, generated);
        } catch (FileAlreadyExistsException e) {
            // another node on the same data directory won the race; its token is the one
            return new AdminToken(read(file));
        }
        log.info("Generated the admin token (shown only this once; it is also in {}): {}", file.toAbsolutePath(),
                generated);
        return new AdminToken(generated);
    }

    /** Constant-time comparison of the presented token's hash. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256, sha256(presented));
    }

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() < 32) {
                throw new IllegalStateException("The admin token file " + file + " holds no usable token (under 32 characters)");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the admin token file " + file, e);
        }
    }

    private static void write(Path file, String token) throws FileAlreadyExistsException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the admin token file " + file, e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
