package io.vroom.core.vr;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/** Builds TCP segments for tests. */
final class TcpSegments {
    private TcpSegments() {}

    static byte[] segment(int src, int sport, int dst, int dport, int seq, int ack, int flags, int dataLength) {
        byte[] t = new byte[20 + dataLength];
        Checksum.write16(t, 0, sport);
        Checksum.write16(t, 2, dport);
        Ip4.write(t, 4, seq);
        Ip4.write(t, 8, ack);
        t[12] = 0x50;
        t[13] = (byte) flags;
        Checksum.write16(t, 14, 65535);
        Checksum.write16(t, 16, ~Checksum.sum(t, 0, t.length, Ipv4.pseudoHeaderSum(src, dst, Ipv4.PROTO_TCP, t.length)) & 0xffff);
        return Ipv4.packet(src, dst, Ipv4.PROTO_TCP, 64, 0, t);
    }

    static byte[] syn(int src, int sport, int dst, int dport, int seq) {
        return segment(src, sport, dst, dport, seq, 0, TcpReset.SYN, 0);
    }
}
