package io.barberpro.hub.core.listener;

/**
 * Where the partner edge reports the requests it refused below the web handler ({@link ListenerRefusal}), so
 * they are counted and logged like every other request: a partner holding such a problem's request id can be
 * found. Called on the event loop: an implementation must not block. The gateway's access log is one; without
 * one the refusals are logged at DEBUG only.
 */
@FunctionalInterface
public interface ListenerRefusalLog {

    ListenerRefusalLog NONE = refusal -> {
    };

    void refused(ListenerRefusal refusal);
}
