package io.barberpro.hub.core.listener;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Which outbound messages begin and end a final answer. An interim (1xx) response answers no request, so neither its
 * head nor its last part counts. A handler keeps one per connection (or HTTP/2 stream) and shows it every message it
 * writes, in order, before asking about that message.
 */
final class FinalAnswerParts {

    /** Whether the response being written is an interim one. */
    private boolean interim;

    void observe(Object msg) {
        if (msg instanceof HttpResponse response) {
            interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
    }

    /** The head of a final answer (for a full response, also its end). */
    boolean begins(Object msg) {
        return msg instanceof HttpResponse && !interim;
    }

    /** The last part of a final answer: its request is answered once this is written. */
    boolean ends(Object msg) {
        return msg instanceof LastHttpContent && !interim;
    }
}
