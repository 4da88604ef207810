package io.vroom.ospf.packet;

/** The part of an OSPF packet after its 24-byte header; one record per packet type. */
public sealed interface PacketBody permits Hello, DatabaseDescription, LinkStateRequest, LinkStateUpdate, LinkStateAck {
    /** The OSPF packet type, 1..5. */
    int type();

    int encodedLength();

    void write(byte[] b, int off);
}
