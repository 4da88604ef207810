package io.vroom.bgp.wire;

/** KEEPALIVE (RFC 4271 §4.4): the header alone. */
public final class KeepaliveMessage {
    private KeepaliveMessage() {}

    public static byte[] encode() {
        return MessageType.allocate(MessageType.KEEPALIVE, 0);
    }
}
