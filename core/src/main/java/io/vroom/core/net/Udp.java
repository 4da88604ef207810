package io.vroom.core.net;

/** UDP (RFC 768) over an IPv4 packet: 8-byte header, checksum over the pseudo-header. */
public final class Udp {
    private Udp() {}

    public static final int HEADER_LENGTH = 8;

    public static int sourcePort(byte[] b, int off) { return Checksum.read16(b, off); }
    public static int destinationPort(byte[] b, int off) { return Checksum.read16(b, off + 2); }
    public static int length(byte[] b, int off) { return Checksum.read16(b, off + 4); }

    /**
     * Validates the UDP datagram carried by a validated IPv4 packet at {@code ipOff}: length fields
     * agree and the checksum (if non-zero) verifies.
     */
    public static boolean valid(byte[] b, int ipOff) {
        int off = Ipv4.payloadOffset(b, ipOff);
        int avail = Ipv4.payloadLength(b, ipOff);
        if (avail < HEADER_LENGTH) return false;
        int len = length(b, off);
        if (len < HEADER_LENGTH || len > avail) return false;
        if (Checksum.read16(b, off + 6) == 0) return true;
        int ph = Ipv4.pseudoHeaderSum(Ipv4.source(b, ipOff), Ipv4.destination(b, ipOff), Ipv4.PROTO_UDP, len);
        return Checksum.sum(b, off, len, ph) == 0xffff;
    }

    /** A whole IPv4 packet carrying one UDP datagram, checksums computed. */
    public static byte[] packet(int source, int sourcePort, int destination, int destinationPort, int ttl, byte[] data, int dataOff, int dataLen) {
        int len = HEADER_LENGTH + dataLen;
        byte[] p = new byte[Ipv4.HEADER_LENGTH + len];
        Ipv4.writeHeader(p, 0, 0, len, 0, false, ttl, Ipv4.PROTO_UDP, source, destination);
        int u = Ipv4.HEADER_LENGTH;
        Checksum.write16(p, u, sourcePort);
        Checksum.write16(p, u + 2, destinationPort);
        Checksum.write16(p, u + 4, len);
        System.arraycopy(data, dataOff, p, u + HEADER_LENGTH, dataLen);
        int sum = ~Checksum.sum(p, u, len, Ipv4.pseudoHeaderSum(source, destination, Ipv4.PROTO_UDP, len)) & 0xffff;
        Checksum.write16(p, u + 6, sum == 0 ? 0xffff : sum);
        return p;
    }
}
