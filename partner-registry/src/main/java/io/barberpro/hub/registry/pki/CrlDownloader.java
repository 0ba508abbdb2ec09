package io.barberpro.hub.registry.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * Fetches a CRL from a distribution point over http or https (RFC 5280 §4.2.1.13). Blocking: callers run it
 * on their own threads, never on an event loop.
 */
class CrlDownloader {

    /** Why a fetch gave no CRL; the message is shown to admins as the source's last error. */
    static final class CrlDownloadException extends Exception {

        CrlDownloadException(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;

    CrlDownloader(Duration timeout, DataSize maxSize) {
        // CRLs are served over plain http by design (they are signed); a redirect to https is followed.
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
        this.maxBytes = maxSize.toBytes();
    }

    /** Why {@code url} cannot be a distribution point the hub fetches from, or null when it can. */
    static String problemWith(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            return "must be an absolute http or https URL";
        }
        return null;
    }

    byte[] download(URI url) throws CrlDownloadException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "application/pkix-crl, application/x-pkcs7-crl;q=0.9, */*;q=0.1").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CrlDownloadException(url + " answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) {
                    throw new CrlDownloadException(url + " served more than " + maxBytes / 1024
                            + " KB (hub.pki.max-crl-size)");
                }
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw new CrlDownloadException(url + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new CrlDownloadException(url + " could not be fetched: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrlDownloadException(url + " fetch was interrupted");
        }
    }
}
