package io.barberpro.hub.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An upstream that answers every request with its status line, headers and the start of a body declared by
 * {@code Content-Length}, then sends nothing more until the gateway hangs up: what WireMock cannot do, as
 * its delays hold back the headers too.
 */
public final class StallingUpstream implements AutoCloseable {

    public static final int DECLARED_LENGTH = 100;

    /** Headers about the representation the upstream never finishes; none of them may describe a problem instead. */
    public static final String CACHE_CONTROL = "max-age=3600";
    public static final String ETAG = "\"stalled-v1\"";

    private static final byte[] HEAD_AND_PART = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Cache-Control: " + CACHE_CONTROL + "\r\nETag: " + ETAG + "\r\n"
            + "Content-Length: " + DECLARED_LENGTH + "\r\n\r\n{\"partial\":").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;

    public StallingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalling-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> stall(socket), "stalling-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void stall(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            readRequestHead(in);
            out.write(HEAD_AND_PART);
            out.flush();
            while (in.read() >= 0) {
                // until the gateway closes the connection
            }
        } catch (IOException e) {
            // the gateway hung up
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
