package io.vroom.core.vr;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/**
 * The reset a host sends for a TCP segment that reaches no connection (RFC 9293 §3.10.7.1, the
 * CLOSED state). What {@link VirtualRouter} answers to TCP while no protocol takes IP protocol 6
 * (until the user-space TCP stack of io.vroom.core.tcp is plugged in there).
 */
final class TcpReset {
    private TcpReset() {}

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
    static final int MIN_HEADER = 20;

    /** Is the TCP segment of this validated IPv4 packet well formed: header length and checksum (RFC 9293 §3.1)? */
    static boolean valid(byte[] p) {
        int off = Ipv4.payloadOffset(p, 0);
        int len = Ipv4.payloadLength(p, 0);
        if (len < MIN_HEADER) return false;
        int dataOffset = ((p[off + 12] & 0xff) >>> 4) * 4;
        if (dataOffset < MIN_HEADER || dataOffset > len) return false;
        int ph = Ipv4.pseudoHeaderSum(Ipv4.source(p, 0), Ipv4.destination(p, 0), Ipv4.PROTO_TCP, len);
        return Checksum.sum(p, off, len, ph) == 0xffff;
    }

    /**
     * The RST answering a {@link #valid} segment, as a whole IPv4 packet from its destination, or
     * null if none is due (a reset is never answered). RFC 9293 §3.10.7.1: if the segment has ACK,
     * {@code <SEQ=SEG.ACK><CTL=RST>}; otherwise {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}.
     */
    static byte[] answer(byte[] p) {
        int off = Ipv4.payloadOffset(p, 0);
        int len = Ipv4.payloadLength(p, 0);
        int dataOffset = ((p[off + 12] & 0xff) >>> 4) * 4;
        int flags = p[off + 13] & 0xff;
        if ((flags & RST) != 0) return null;
        int src = Ipv4.source(p, 0), dst = Ipv4.destination(p, 0);
        int seq = Ip4.read(p, off + 4), ack = Ip4.read(p, off + 8);
        int segLen = len - dataOffset + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        byte[] t = new byte[MIN_HEADER];
        Checksum.write16(t, 0, Checksum.read16(p, off + 2));
        Checksum.write16(t, 2, Checksum.read16(p, off));
        if ((flags & ACK) != 0) {
            Ip4.write(t, 4, ack);
            t[13] = (byte) RST;
        } else {
            Ip4.write(t, 8, seq + segLen);
            t[13] = (byte) (RST | ACK);
        }
        t[12] = (byte) (5 << 4);
        Checksum.write16(t, 16, ~Checksum.sum(t, 0, MIN_HEADER, Ipv4.pseudoHeaderSum(dst, src, Ipv4.PROTO_TCP, MIN_HEADER)) & 0xffff);
        return Ipv4.packet(dst, src, Ipv4.PROTO_TCP, Ipv4.DEFAULT_TTL, 0, t);
    }
}
