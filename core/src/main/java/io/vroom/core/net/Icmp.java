package io.vroom.core.net;

/**
 * ICMP (RFC 792) over a byte array holding the ICMP message (type, code, checksum, rest).
 * Builders return whole IPv4 packets ready to send.
 */
public final class Icmp {
    private Icmp() {}

    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;

    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int CODE_TTL_EXCEEDED = 0;

    public static final int HEADER_LENGTH = 8;

    public static int type(byte[] b, int off) { return b[off] & 0xff; }
    public static int code(byte[] b, int off) { return b[off + 1] & 0xff; }

    /** True if the message is at least a header long and its checksum verifies. */
    public static boolean valid(byte[] b, int off, int len) {
        return len >= HEADER_LENGTH && Checksum.sum(b, off, len, 0) == 0xffff;
    }

    /** Is the ICMP message carried by this (validated) IPv4 packet an error message? RFC 1812 §4.3.2.7. */
    public static boolean isError(int type) {
        return type == DEST_UNREACHABLE || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM || type == 4 || type == 5;
    }

    /** The echo reply to a validated echo-request packet: addresses swapped, same id/seq/data. */
    public static byte[] echoReply(byte[] request, int off, int source) {
        int hl = Ipv4.headerLength(request, off);
        int icmpLen = Ipv4.totalLength(request, off) - hl;
        byte[] icmp = new byte[icmpLen];
        System.arraycopy(request, off + hl, icmp, 0, icmpLen);
        icmp[0] = ECHO_REPLY;
        icmp[1] = 0;
        Checksum.write16(icmp, 2, 0);
        Checksum.write16(icmp, 2, Checksum.compute(icmp, 0, icmpLen));
        return Ipv4.packet(source, Ipv4.source(request, off), Ipv4.PROTO_ICMP, Ipv4.DEFAULT_TTL, 0, icmp);
    }

    public static byte[] echoRequest(int source, int destination, int id, int seq, byte[] data) {
        byte[] icmp = new byte[HEADER_LENGTH + data.length];
        icmp[0] = ECHO_REQUEST;
        Checksum.write16(icmp, 4, id);
        Checksum.write16(icmp, 6, seq);
        System.arraycopy(data, 0, icmp, HEADER_LENGTH, data.length);
        Checksum.write16(icmp, 2, Checksum.compute(icmp, 0, icmp.length));
        return Ipv4.packet(source, destination, Ipv4.PROTO_ICMP, Ipv4.DEFAULT_TTL, 0, icmp);
    }

    /**
     * An ICMP error (RFC 792, RFC 1812 §4.3.2.3) about {@code offending}: its IP header plus the first
     * 8 bytes of its payload. {@code rest} is the 32-bit field after the checksum (e.g. next-hop MTU).
     */
    public static byte[] error(int source, int type, int code, int rest, byte[] offending, int off, int len) {
        int hl = Ipv4.headerLength(offending, off);
        int quoted = Math.min(len, hl + 8);
        byte[] icmp = new byte[HEADER_LENGTH + quoted];
        icmp[0] = (byte) type;
        icmp[1] = (byte) code;
        Ip4.write(icmp, 4, rest);
        System.arraycopy(offending, off, icmp, HEADER_LENGTH, quoted);
        Checksum.write16(icmp, 2, Checksum.compute(icmp, 0, icmp.length));
        return Ipv4.packet(source, Ipv4.source(offending, off), Ipv4.PROTO_ICMP, Ipv4.DEFAULT_TTL, 0xc0, icmp);
    }
}
