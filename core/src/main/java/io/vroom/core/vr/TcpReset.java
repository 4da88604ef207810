package io.vroom.core.vr;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/**
 * The VR's first check on a TCP segment to one of its addresses (well formed, checksum) before it
 * reaches the user-space TCP stack (io.vroom.core.tcp), which answers closed ports with resets
 * (RFC 9293 §3.10.7.1).
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
}
