package io.barberpro.hub.core.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.HttpDates;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.core.web.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * Problem documents that the listeners' own Netty handlers answer with, where no exchange exists to write
 * one through: a request that never arrived whole or could not be decoded. The connection closes after each,
 * since what follows on it cannot be read as a next request. The request id is a new one of the caller's, which
 * also reports it: the partner's header fields were never read, or cannot be trusted.
 */
final class ClosingProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClosingProblemResponses() {
    }

    /** {@code date} is the answer's {@code Date}, from the application's clock as every other answer's. */
    static FullHttpResponse of(HubError error, String detail, String requestId, Instant date) {
        Map<String, Object> problem = ProblemWriter.document(error, error.status(), detail, null, requestId);
        ByteBuf body;
        try {
            body = Unpooled.wrappedBuffer(JSON.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status().value()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.DATE, HttpDates.imfFixdate(date))
                .set(RequestIds.HEADER, requestId);
        return response;
    }
}
