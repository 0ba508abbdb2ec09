import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Local webhook receiver for bench/webhooks.sh and bench/chaos-webhooks.sh (run as {@code java Receiver.java}).
 *
 * <p>Answers every POST with 204 after an optional delay, verifies the Standard Webhooks signature of
 * every {@code VERIFY_EVERY}-th request (independently of the hub's signer), checks that the
 * {@code webhook-id} header names the event the body carries (the producer writes the event id into
 * the payload as {@code "ev"}), and keeps one record per request: receipt time, webhook-id, the
 * producer's commit-side timestamp ({@code "t_us"} in the payload) and the verdicts.
 *
 * <p>Control: {@code GET /stats} (one line of counters), {@code GET /dump?file=PATH} (writes the records
 * as TSV: recv_us, webhook_id, t_us, sig (0 unchecked, 1 valid, 2 invalid), id_match, remote_port), {@code GET /reset}.
 *
 * <p>Args: port secret(whsec_...) [verifyEvery=1] [delayMs=0] [delayJitterMs=0] [threads=16]
 */
public class Receiver {

    record Hit(long recvMicros, String id, long producedMicros, byte sig, boolean idMatch, int remotePort) {
    }

    static final List<Hit> hits = new ArrayList<>(1 << 20);
    static final ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>(1 << 20);
    static final LongAdder requests = new LongAdder();
    static final LongAdder duplicates = new LongAdder();
    static final LongAdder sigChecked = new LongAdder();
    static final LongAdder sigBad = new LongAdder();
    static final LongAdder idMismatch = new LongAdder();
    static final AtomicLong verifyCounter = new AtomicLong();
    static byte[] key;
    static int verifyEvery;
    static int delayMs;
    static int delayJitterMs;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String secret = args[1];
        key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        verifyEvery = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        delayMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        delayJitterMs = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.createContext("/", Receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        System.out.println("receiver listening on 127.0.0.1:" + port);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if ("GET".equals(ex.getRequestMethod())) {
                control(ex);
                return;
            }
            long recv = nowMicros();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sigHeader = ex.getRequestHeaders().getFirst("webhook-signature");
            String text = new String(body, StandardCharsets.UTF_8);
            byte sig = 0; // 0 = not checked, 1 = valid, 2 = invalid
            if (verifyCounter.incrementAndGet() % verifyEvery == 0) {
                sigChecked.increment();
                sig = verify(id, ts, body, sigHeader) ? (byte) 1 : (byte) 2;
                if (sig == 2) {
                    sigBad.increment();
                }
            }
            boolean idMatch = id != null && id.equals(field(text, "\"ev\":"));
            if (!idMatch) {
                idMismatch.increment();
            }
            String produced = field(text, "\"t_us\":");
            long producedMicros = produced == null ? 0 : Long.parseLong(produced);
            requests.increment();
            if (id != null && seen.merge(id, 1, Integer::sum) > 1) {
                duplicates.increment();
            }
            // recorded before answering: a sender killed while we wait has still handed the event over
            Hit hit = new Hit(recv, id, producedMicros, sig, idMatch, ex.getRemoteAddress().getPort());
            synchronized (hits) {
                hits.add(hit);
            }
            if (delayMs > 0 || delayJitterMs > 0) {
                Thread.sleep(delayMs + (delayJitterMs > 0 ? ThreadLocalRandom.current().nextInt(delayJitterMs) : 0));
            }
            ex.sendResponseHeaders(204, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    /** Standard Webhooks: any space-separated {@code v1,<base64>} entry matching HMAC-SHA256(key, id.ts.body). */
    static boolean verify(String id, String ts, byte[] body, String header) {
        if (id == null || ts == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String entry : header.split(" ")) {
                if (entry.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Value after {@code marker} (spaces and an opening quote skipped) up to the next quote, comma or brace (the payload is flat JSON we wrote). */
    static String field(String text, String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '"')) {
            start++; // jsonb renders "key": value with a space
        }
        int end = start;
        while (end < text.length() && "\",}".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(start, end);
    }

    static void control(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String answer;
        switch (path) {
            case "/stats" -> answer = "requests=" + requests.sum() + " distinct=" + seen.size() + " duplicates=" + duplicates.sum()
                    + " sig_checked=" + sigChecked.sum() + " sig_bad=" + sigBad.sum() + " id_mismatch=" + idMismatch.sum() + "\n";
            case "/dump" -> {
                Path file = Path.of(query.substring("file=".length()));
                List<Hit> copy;
                synchronized (hits) {
                    copy = new ArrayList<>(hits);
                }
                try (BufferedWriter w = Files.newBufferedWriter(file)) {
                    for (Hit h : copy) {
                        w.write(h.recvMicros() + "\t" + h.id() + "\t" + h.producedMicros() + "\t" + h.sig() + "\t"
                                + (h.idMatch() ? 1 : 0) + "\t" + h.remotePort() + "\n");
                    }
                }
                answer = "dumped " + copy.size() + "\n";
            }
            case "/reset" -> {
                synchronized (hits) {
                    hits.clear();
                }
                seen.clear();
                requests.reset();
                duplicates.reset();
                sigChecked.reset();
                sigBad.reset();
                idMismatch.reset();
                answer = "reset\n";
            }
            default -> answer = "receiver\n";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
