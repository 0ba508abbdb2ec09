package io.barberpro.hub.webhooks.delivery;

/** The SSRF guard refused a URL or an address; the message is safe to show to the endpoint's owner. */
public class OutboundRefusedException extends RuntimeException {

    public OutboundRefusedException(String message) {
        super(message, null, false, false);
    }
}
