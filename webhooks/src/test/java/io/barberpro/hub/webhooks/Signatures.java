package io.barberpro.hub.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The Standard Webhooks check as a receiver writes it, independent of the hub's signer. */
public final class Signatures {

    private Signatures() {
    }

    public static String expected(String whsecSecret, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(whsecSecret.substring("whsec_".length())), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> entries(String header) {
        return Arrays.asList(header.split(" "));
    }

    public static boolean verifies(String whsecSecret, String id, String timestamp, String body, String header) {
        return entries(header).contains(expected(whsecSecret, id, timestamp, body));
    }
}
