package io.vroom.core.tcp;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/**
 * Builds whole IPv4 packets carrying one TCP segment. Options are laid out 32-bit aligned with NOP
 * padding in the order the Linux kernel uses (MD5, MSS, window scale, timestamps), then SACK-permitted
 * or SACK blocks (RFC 2018), at most 40
 * bytes; the TCP-MD5 digest (RFC 2385) is computed before the checksum, which covers it.
 */
final class TcpEncoder {
    private TcpEncoder() {}

    static final int MD5_OPTION_SPACE = 20;
    static final int TS_OPTION_SPACE = 12;

    /** What goes into one segment besides the connection's addresses; plain fields, reused. */
    static final class Spec {
        int src, dst, srcPort, dstPort, seq, ack, flags, window;
        /** -1: no option. */
        int mss = -1, wscale = -1;
        boolean ts;
        int tsVal, tsEcr;
        /** RFC 2018 §2: SACK-permitted (SYNs only). */
        boolean sackPermitted;
        /** RFC 2018 §3: {@code sackBlocks} (left, right) edge pairs from {@code sack}. */
        int[] sack;
        int sackBlocks;
        byte[] md5Key;
        /** Reused for the signature when set (the stack's); else one is made. */
        java.security.MessageDigest md5;
        int ttl = Ipv4.DEFAULT_TTL, tos, ipId;

        Spec(int src, int dst, int srcPort, int dstPort) {
            this.src = src;
            this.dst = dst;
            this.srcPort = srcPort;
            this.dstPort = dstPort;
        }
    }

    static int optionsLength(Spec s) {
        int n = 0;
        if (s.md5Key != null) n += MD5_OPTION_SPACE;
        if (s.mss >= 0) n += 4;
        if (s.wscale >= 0) n += 4;
        if (s.ts) n += TS_OPTION_SPACE;
        if (s.sackPermitted) n += 4;
        if (s.sackBlocks > 0) n += 4 + 8 * s.sackBlocks;
        return n;
    }

    /** The packet for {@code s} with {@code len} data bytes copied from {@code data} starting {@code dataOff} bytes after its head. */
    static byte[] encode(Spec s, ByteRing data, int dataOff, int len) {
        int optLen = optionsLength(s);
        if (optLen > TcpHeader.MAX_OPTIONS) throw new IllegalStateException("options exceed 40 bytes");
        int hl = TcpHeader.LENGTH + optLen;
        int tcpLen = hl + len;
        byte[] p = new byte[Ipv4.HEADER_LENGTH + tcpLen];
        Ipv4.writeHeader(p, 0, s.tos, tcpLen, s.ipId, false, s.ttl, Ipv4.PROTO_TCP, s.src, s.dst);
        int t = Ipv4.HEADER_LENGTH;
        Checksum.write16(p, t, s.srcPort);
        Checksum.write16(p, t + 2, s.dstPort);
        Ip4.write(p, t + 4, s.seq);
        Ip4.write(p, t + 8, s.ack);
        p[t + 12] = (byte) ((hl / 4) << 4);
        p[t + 13] = (byte) s.flags;
        Checksum.write16(p, t + 14, s.window);
        int o = t + TcpHeader.LENGTH;
        int md5At = -1;
        if (s.md5Key != null) {
            p[o] = TcpHeader.OPT_NOP;
            p[o + 1] = TcpHeader.OPT_NOP;
            p[o + 2] = TcpHeader.OPT_MD5;
            p[o + 3] = 18;
            md5At = o + 4;
            o += MD5_OPTION_SPACE;
        }
        if (s.mss >= 0) {
            p[o] = TcpHeader.OPT_MSS;
            p[o + 1] = 4;
            Checksum.write16(p, o + 2, s.mss);
            o += 4;
        }
        if (s.wscale >= 0) {
            p[o] = TcpHeader.OPT_NOP;
            p[o + 1] = TcpHeader.OPT_WSCALE;
            p[o + 2] = 3;
            p[o + 3] = (byte) s.wscale;
            o += 4;
        }
        if (s.ts) {
            p[o] = TcpHeader.OPT_NOP;
            p[o + 1] = TcpHeader.OPT_NOP;
            p[o + 2] = TcpHeader.OPT_TIMESTAMPS;
            p[o + 3] = 10;
            Ip4.write(p, o + 4, s.tsVal);
            Ip4.write(p, o + 8, s.tsEcr);
            o += TS_OPTION_SPACE;
        }
        if (s.sackPermitted) {
            p[o] = TcpHeader.OPT_NOP;
            p[o + 1] = TcpHeader.OPT_NOP;
            p[o + 2] = TcpHeader.OPT_SACK_PERMITTED;
            p[o + 3] = 2;
            o += 4;
        }
        if (s.sackBlocks > 0) {
            p[o] = TcpHeader.OPT_NOP;
            p[o + 1] = TcpHeader.OPT_NOP;
            p[o + 2] = TcpHeader.OPT_SACK;
            p[o + 3] = (byte) (2 + 8 * s.sackBlocks);
            for (int b = 0; b < s.sackBlocks; b++) {
                Ip4.write(p, o + 4 + 8 * b, s.sack[2 * b]);
                Ip4.write(p, o + 8 + 8 * b, s.sack[2 * b + 1]);
            }
            o += 4 + 8 * s.sackBlocks;
        }
        if (len > 0) data.peek(dataOff, p, t + hl, len);
        if (md5At >= 0) System.arraycopy((s.md5 != null ? TcpMd5.digest(s.md5, p, t, tcpLen, hl, s.md5Key) : TcpMd5.digest(p, t, tcpLen, hl, s.md5Key)), 0, p, md5At, TcpMd5.DIGEST_LENGTH);
        int ph = Ipv4.pseudoHeaderSum(s.src, s.dst, Ipv4.PROTO_TCP, tcpLen);
        Checksum.write16(p, t + 16, ~Checksum.sum(p, t, tcpLen, ph) & 0xffff);
        return p;
    }
}
