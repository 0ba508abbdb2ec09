package io.barberpro.hub.registry.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Loads the master key that seals private keys at rest, creating the key file on first start. */
final class MasterKey {

    private static final int KEY_BYTES = 32;

    private MasterKey() {
    }

    static SecretKey load(PkiProperties properties, SecureRandom random) {
        if (properties.masterKey() != null && !properties.masterKey().isBlank()) {
            return decode(properties.masterKey(), "hub.pki.master-key");
        }
        return readOrCreateFile(properties.masterKeyFile(), random);
    }

    private static SecretKey readOrCreateFile(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[KEY_BYTES];
                random.nextBytes(key);
                try {
                    writeOwnerOnly(file, Base64.getEncoder().encodeToString(key) + "\n");
                    return new SecretKeySpec(key, "AES");
                } catch (FileAlreadyExistsException raced) {
                    // another process on this host created it first; use theirs
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the hub master key file " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static SecretKey decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The master key in " + source + " is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("The master key in " + source + " must be 32 bytes (256 bits)");
        }
        return new SecretKeySpec(key, "AES");
    }
}
