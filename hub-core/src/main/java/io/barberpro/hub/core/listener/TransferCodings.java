package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9112's rules for a request's {@code Transfer-Encoding}, which Netty's decoder applies only in part. It
 * reads a body as chunked when the field names {@code chunked} anywhere, and as no body otherwise; the bytes
 * it did not read as the body are then read as the next request on the connection. The hub also forwards
 * the body it read without the other codings, so an upstream would take gzip-coded bytes for the content.
 */
final class TransferCodings {

    private TransferCodings() {
    }

    /** Why the request's framing cannot be trusted, or null when it can (including when there is no field). */
    static HubProblemException refusal(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing
            return new HubProblemException(HubError.BAD_REQUEST, "Transfer-Encoding is not allowed in an HTTP/1.0 request");
        }
        List<String> codings = codings(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
        int last = codings.size() - 1;
        if (last < 0 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(last))) {
            // §6.3: without chunked as the final coding the body's length cannot be determined
            return new HubProblemException(HubError.BAD_REQUEST, "The final transfer coding of a request must be chunked");
        }
        List<String> applied = codings.subList(0, last);
        if (applied.stream().anyMatch(HttpHeaderValues.CHUNKED::contentEqualsIgnoreCase)) {
            // §7.1: chunked is applied at most once
            return new HubProblemException(HubError.BAD_REQUEST, "The chunked transfer coding is applied more than once");
        }
        if (!applied.isEmpty()) {
            // §6.1: a transfer coding the server does not understand SHOULD get 501
            return new HubProblemException(HubError.UNSUPPORTED_TRANSFER_CODING,
                    "Only the chunked transfer coding is supported");
        }
        return null;
    }

    /** The field's list elements (RFC 9110 §5.6.1: comma-separated, empty elements ignored), across its lines. */
    private static List<String> codings(List<String> fieldLines) {
        List<String> codings = new ArrayList<>();
        for (String line : fieldLines) {
            for (String element : line.split(",")) {
                String coding = element.strip();
                if (!coding.isEmpty()) {
                    codings.add(coding);
                }
            }
        }
        return codings;
    }
}
