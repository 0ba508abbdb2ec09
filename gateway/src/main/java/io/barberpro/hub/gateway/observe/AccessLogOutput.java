package io.barberpro.hub.gateway.observe;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the access log's batches go: the process's standard output (the default, where container platforms
 * collect it), or a file the hub appends to.
 */
interface AccessLogOutput extends AutoCloseable {

    /** {@code hub.gateway.access-log.output} naming standard output rather than a file. */
    String STDOUT = "stdout";

    /** Written before each line. */
    String linePrefix();

    /** One batch of whole lines, in one write where the platform allows. */
    void write(byte[] lines) throws IOException;

    @Override
    void close() throws IOException;

    static AccessLogOutput of(String output) {
        return STDOUT.equals(output) ? new Stdout() : new AppendedFile(Path.of(output));
    }

    /**
     * Standard output, shared with the application log: each line starts with {@code ACCESS } to tell it from
     * the application's lines. Written through {@link System#out} as it is at the time (so the application log's
     * lines and a batch never interleave within a line), as one array: {@link PrintStream} then hands it to the
     * file descriptor in one write.
     */
    final class Stdout implements AccessLogOutput {

        @Override
        public String linePrefix() {
            return "ACCESS ";
        }

        @Override
        public void write(byte[] lines) {
            PrintStream out = System.out;
            out.write(lines, 0, lines.length);
            out.flush();
        }

        @Override
        public void close() {
            System.out.flush();
        }

        @Override
        public String toString() {
            return "standard output";
        }
    }

    /** A file of access log lines only, opened for appending (created with its directories if missing). */
    final class AppendedFile implements AccessLogOutput {

        private final Path path;
        private final OutputStream out;

        AppendedFile(Path path) {
            this.path = path;
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                this.out = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open the access log file " + path, e);
            }
        }

        @Override
        public String linePrefix() {
            return "";
        }

        @Override
        public void write(byte[] lines) throws IOException {
            out.write(lines);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
