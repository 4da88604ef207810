package io.vroom.core.tcp;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/**
 * A received TCP segment, validated once by {@link #decode}: header fields and parsed options as
 * values, the payload as a range of the IPv4 packet. Nothing on it throws after decoding.
 *
 * @param mss       MSS option value, or -1 if absent
 * @param wscale    window-scale shift (clamped to 14), or -1 if absent
 * @param tsVal     timestamp value if {@code hasTs}
 * @param md5Offset offset in {@code packet} of the 16-byte MD5 digest, or -1 if the option is absent
 */
public record TcpSegment(int source, int destination, int sourcePort, int destinationPort, int seq, int ack, int flags,
                         int window, int mss, int wscale, boolean sackPermitted, boolean hasTs, int tsVal, int tsEcr,
                         int md5Offset, byte[] packet, int tcpOffset, int tcpLength, int dataOffset, int dataLength) {

    /** Why a packet was dropped; OK if it was not. */
    public enum Error { OK, BAD_IP, NOT_TCP, FRAGMENT, TRUNCATED, BAD_OFFSET, BAD_CHECKSUM, BAD_OPTION, BAD_ADDRESS, BAD_PORT }

    /** Either a segment or the reason there is none. */
    public record Decoded(Error error, TcpSegment segment) {}

    public boolean has(int flag) { return (flags & flag) != 0; }

    /** RFC 9293 SEG.LEN: data plus one for each of SYN and FIN. */
    public int segLen() { return dataLength + (has(TcpHeader.SYN) ? 1 : 0) + (has(TcpHeader.FIN) ? 1 : 0); }

    /** Validates an IPv4 packet carrying TCP: IP header, no fragment, data offset, pseudo-header checksum, option syntax. Never throws. */
    public static Decoded decode(byte[] p) {
        if (p == null) return new Decoded(Error.BAD_IP, null);
        if (Ipv4.validate(p, 0, p.length) != Ipv4.Error.OK) return new Decoded(Error.BAD_IP, null);
        if (Ipv4.protocol(p, 0) != Ipv4.PROTO_TCP) return new Decoded(Error.NOT_TCP, null);
        if (Ipv4.isFragment(p, 0)) return new Decoded(Error.FRAGMENT, null);
        int t = Ipv4.payloadOffset(p, 0);
        int tlen = Ipv4.payloadLength(p, 0);
        if (tlen < TcpHeader.LENGTH) return new Decoded(Error.TRUNCATED, null);
        int hl = ((p[t + 12] & 0xff) >>> 4) * 4;
        if (hl < TcpHeader.LENGTH || hl > tlen) return new Decoded(Error.BAD_OFFSET, null);
        int src = Ipv4.source(p, 0), dst = Ipv4.destination(p, 0);
        int ph = Ipv4.pseudoHeaderSum(src, dst, Ipv4.PROTO_TCP, tlen);
        if (Checksum.sum(p, t, tlen, ph) != 0xffff) return new Decoded(Error.BAD_CHECKSUM, null);
        // RFC 9293 §3.10.7: segments from broadcast/multicast or unspecified sources are not answered.
        if (src == 0 || Ip4.isMulticast(src) || src == -1 || Ip4.isMulticast(dst) || dst == -1) return new Decoded(Error.BAD_ADDRESS, null);
        int sport = Checksum.read16(p, t), dport = Checksum.read16(p, t + 2);
        if (sport == 0 || dport == 0) return new Decoded(Error.BAD_PORT, null);

        int mss = -1, wscale = -1, tsVal = 0, tsEcr = 0, md5 = -1;
        boolean sackOk = false, hasTs = false;
        int i = t + TcpHeader.LENGTH, end = t + hl;
        while (i < end) {
            int kind = p[i] & 0xff;
            if (kind == TcpHeader.OPT_EOL) break;
            if (kind == TcpHeader.OPT_NOP) { i++; continue; }
            if (i + 1 >= end) return new Decoded(Error.BAD_OPTION, null);
            int len = p[i + 1] & 0xff;
            if (len < 2 || i + len > end) return new Decoded(Error.BAD_OPTION, null);
            switch (kind) {
                case TcpHeader.OPT_MSS -> {
                    if (len != 4) return new Decoded(Error.BAD_OPTION, null);
                    mss = Checksum.read16(p, i + 2);
                }
                case TcpHeader.OPT_WSCALE -> {
                    if (len != 3) return new Decoded(Error.BAD_OPTION, null);
                    wscale = Math.min(p[i + 2] & 0xff, TcpHeader.MAX_WSCALE);
                }
                case TcpHeader.OPT_SACK_PERMITTED -> {
                    if (len != 2) return new Decoded(Error.BAD_OPTION, null);
                    sackOk = true;
                }
                case TcpHeader.OPT_TIMESTAMPS -> {
                    if (len != 10) return new Decoded(Error.BAD_OPTION, null);
                    hasTs = true;
                    tsVal = Ip4.read(p, i + 2);
                    tsEcr = Ip4.read(p, i + 6);
                }
                case TcpHeader.OPT_MD5 -> {
                    if (len != 18 || md5 >= 0) return new Decoded(Error.BAD_OPTION, null);
                    md5 = i + 2;
                }
                default -> { } // unknown options are skipped by length (RFC 9293 §3.2)
            }
            i += len;
        }
        int flags = p[t + 13] & 0x3f;
        return new Decoded(Error.OK, new TcpSegment(src, dst, sport, dport, Ip4.read(p, t + 4), Ip4.read(p, t + 8), flags,
                Checksum.read16(p, t + 14), mss, wscale, sackOk, hasTs, tsVal, tsEcr, md5, p, t, tlen, t + hl, tlen - hl));
    }
}
