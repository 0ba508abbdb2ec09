package io.barberpro.hub.core.listener;

/**
 * Where a listener reports the requests it refused below the web handler ({@link ListenerRefusal}), so whoever
 * holds such a problem's request id can find it. Called on the event loop: an implementation must not block. The
 * edge's is the gateway's access log, which also counts them like every other request; the admin listener's is
 * {@link AdminListenerRefusalLog}. An edge without a gateway logs them at DEBUG only.
 */
@FunctionalInterface
public interface ListenerRefusalLog {

    ListenerRefusalLog NONE = refusal -> {
    };

    void refused(ListenerRefusal refusal);
}
