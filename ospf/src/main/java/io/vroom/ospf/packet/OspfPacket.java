package io.vroom.ospf.packet;

import io.vroom.core.net.Ip4;

/**
 * A decoded OSPF packet: the fields of the common header (RFC 2328 A.3.1) that matter after
 * validation, and the body. {@code cryptoSeq} and {@code keyId} are set for MD5 packets only.
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Version #   |     Type      |         Packet length         |
 * |                          Router ID                            |
 * |                           Area ID                             |
 * |           Checksum            |             AuType            |
 * |                       Authentication (64 bits)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record OspfPacket(int routerId, int areaId, int auType, int keyId, long cryptoSeq, PacketBody body) {
    public static final int HEADER_LENGTH = 24;
    public static final int VERSION = 2;
    public static final int TYPE_HELLO = 1, TYPE_DD = 2, TYPE_LSR = 3, TYPE_LSU = 4, TYPE_LSACK = 5;

    public int type() {
        return body.type();
    }

    public static String typeName(int type) {
        return switch (type) {
            case TYPE_HELLO -> "hello";
            case TYPE_DD -> "db-desc";
            case TYPE_LSR -> "ls-request";
            case TYPE_LSU -> "ls-update";
            case TYPE_LSACK -> "ls-ack";
            default -> "type-" + type;
        };
    }

    @Override
    public String toString() {
        return typeName(type()) + " from " + Ip4.format(routerId) + " area " + Ip4.format(areaId) + ": " + body;
    }
}
