package io.barberpro.hub.core.listener;

/**
 * Where a listener reports the requests it refused below the web handler ({@link ListenerRefusal}), so
 * they are counted and logged like every other request: a partner holding such a problem's request id can be
 * found. Called on the event loop: an implementation must not block. The gateway's access log is the edge's;
 * {@link AdminListenerRefusalLog} is the admin listener's. An edge without a gateway logs them at DEBUG only.
 */
@FunctionalInterface
public interface ListenerRefusalLog {

    ListenerRefusalLog NONE = refusal -> {
    };

    void refused(ListenerRefusal refusal);
}
