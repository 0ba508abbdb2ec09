package io.barberpro.hub.core.listener;

import io.netty.channel.Channel;

/**
 * Whether a channel is waiting for the partner's bytes, as the body-read deadlines need to know: Reactor Netty
 * asks for them with a read, or with auto-read while a body stream has demand. Switching auto-read off cancels a
 * pending read unseen, so auto-read seen on earlier and off now means reads are held back, whatever was pending.
 * One per channel, used on its event loop only.
 */
final class ReadDemand {

    /** A read was asked for and no bytes have come since. */
    private boolean readPending;
    /** Auto-read as last seen at a read or a request for one. */
    private boolean autoReadSeen;

    /** Bytes arrived: a pending read is answered. */
    void bytesRead(Channel channel) {
        readPending = false;
        autoReadSeen = channel.config().isAutoRead();
    }

    /** The channel asked for a read. */
    void readRequested(Channel channel) {
        readPending = true;
        autoReadSeen = channel.config().isAutoRead();
    }

    boolean askingForBytes(Channel channel) {
        if (channel.config().isAutoRead()) {
            return true;
        }
        if (autoReadSeen) {
            autoReadSeen = false;
            readPending = false;
        }
        return readPending;
    }
}
