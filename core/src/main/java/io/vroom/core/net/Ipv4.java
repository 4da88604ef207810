package io.vroom.core.net;

/**
 * IPv4 header (RFC 791) as static accessors over a byte array: a checked view, no allocation.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * </pre>
 * Call {@link #validate} once; after it returns {@link Error#OK} every accessor is in bounds.
 */
public final class Ipv4 {
    private Ipv4() {}

    public static final int HEADER_LENGTH = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_OSPF = 89;
    public static final int DEFAULT_TTL = 64;
    public static final int MAX_LENGTH = 65535;

    /** Why a packet was rejected; {@code OK} if it was not. Ordinal-indexed counters use this. */
    public enum Error { OK, TRUNCATED, BAD_VERSION, BAD_IHL, BAD_TOTAL_LENGTH, BAD_CHECKSUM }

    /** Full receive validation (RFC 1812 §5.2.2): length, version, IHL, total length, checksum. */
    public static Error validate(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH) return Error.TRUNCATED;
        int v = b[off] & 0xff;
        if ((v >>> 4) != 4) return Error.BAD_VERSION;
        int hl = (v & 0xf) * 4;
        if (hl < HEADER_LENGTH) return Error.BAD_IHL;
        if (hl > len) return Error.TRUNCATED;
        int total = totalLength(b, off);
        if (total < hl) return Error.BAD_TOTAL_LENGTH;
        if (total > len) return Error.TRUNCATED;
        if (Checksum.sum(b, off, hl, 0) != 0xffff) return Error.BAD_CHECKSUM;
        return Error.OK;
    }

    public static int headerLength(byte[] b, int off) { return (b[off] & 0xf) * 4; }
    public static int tos(byte[] b, int off) { return b[off + 1] & 0xff; }
    public static int totalLength(byte[] b, int off) { return Checksum.read16(b, off + 2); }
    public static int identification(byte[] b, int off) { return Checksum.read16(b, off + 4); }
    public static int flagsFragment(byte[] b, int off) { return Checksum.read16(b, off + 6); }
    public static boolean dontFragment(byte[] b, int off) { return (b[off + 6] & 0x40) != 0; }
    public static boolean isFragment(byte[] b, int off) { return (flagsFragment(b, off) & 0x3fff) != 0; }
    public static int ttl(byte[] b, int off) { return b[off + 8] & 0xff; }
    public static int protocol(byte[] b, int off) { return b[off + 9] & 0xff; }
    public static int checksum(byte[] b, int off) { return Checksum.read16(b, off + 10); }
    public static int source(byte[] b, int off) { return Ip4.read(b, off + 12); }
    public static int destination(byte[] b, int off) { return Ip4.read(b, off + 16); }
    public static int payloadOffset(byte[] b, int off) { return off + headerLength(b, off); }
    public static int payloadLength(byte[] b, int off) { return totalLength(b, off) - headerLength(b, off); }

    /**
     * Decrements TTL in place and patches the header checksum incrementally (RFC 1624); the caller
     * has checked that TTL &gt; 1.
     */
    public static void decrementTtl(byte[] b, int off) {
        int oldWord = Checksum.read16(b, off + 8);
        b[off + 8] = (byte) ((b[off + 8] & 0xff) - 1);
        int newWord = Checksum.read16(b, off + 8);
        Checksum.write16(b, off + 10, Checksum.update(checksum(b, off), oldWord, newWord));
    }

    /** Writes a 20-byte header at {@code off} for a payload of {@code payloadLength} bytes, checksum included. */
    public static void writeHeader(byte[] b, int off, int tos, int payloadLength, int identification,
                                   boolean dontFragment, int ttl, int protocol, int source, int destination) {
        b[off] = 0x45;
        b[off + 1] = (byte) tos;
        Checksum.write16(b, off + 2, HEADER_LENGTH + payloadLength);
        Checksum.write16(b, off + 4, identification);
        Checksum.write16(b, off + 6, dontFragment ? 0x4000 : 0);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        Checksum.write16(b, off + 10, 0);
        Ip4.write(b, off + 12, source);
        Ip4.write(b, off + 16, destination);
        Checksum.write16(b, off + 10, Checksum.compute(b, off, HEADER_LENGTH));
    }

    /** A new packet: a 20-byte header followed by a copy of {@code payload}. */
    public static byte[] packet(int source, int destination, int protocol, int ttl, int tos, byte[] payload) {
        byte[] p = new byte[HEADER_LENGTH + payload.length];
        writeHeader(p, 0, tos, payload.length, 0, false, ttl, protocol, source, destination);
        System.arraycopy(payload, 0, p, HEADER_LENGTH, payload.length);
        return p;
    }

    /** Checksum of a transport payload with the RFC 768/9293 pseudo-header; 0 means it verifies. */
    public static int pseudoHeaderSum(int source, int destination, int protocol, int length) {
        long s = (source >>> 16) + (source & 0xffff) + (destination >>> 16) + (destination & 0xffff) + protocol + length;
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) s;
    }
}
