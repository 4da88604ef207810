package io.vroom.dataplane.port;

import io.vroom.core.dataplane.Port;
import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;

/**
 * What a packet socket hands over when the sender offloaded work (PACKET_VNET_HDR): a
 * {@code struct virtio_net_hdr} before each frame says the transport checksum is partial (only the
 * pseudo-header sum is in place — the kernel's own TCP/UDP over a veth does this) or that the frame
 * is a TCP super-segment (TSO/GRO) to be cut at {@code gsoSize}. The VR's stack needs neither, so
 * the port finishes the work here. Pure functions over byte arrays; never throw.
 *
 * <pre>
 * struct virtio_net_hdr (host byte order):
 *   u8 flags | u8 gso_type | u16 hdr_len | u16 gso_size | u16 csum_start | u16 csum_offset
 * </pre>
 */
final class Offload {
    private Offload() {}

    static final int VNET_HDR_LEN = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_ECN = 0x80;
    static final int PACKET_VNET_HDR = 15;

    static int flags(byte[] h, int off) { return h[off] & 0xff; }
    static int gsoType(byte[] h, int off) { return h[off + 1] & 0xff; }
    static int gsoSize(byte[] h, int off) { return Structs.getShort(h, off + 4); }
    static int csumStart(byte[] h, int off) { return Structs.getShort(h, off + 6); }
    static int csumOffset(byte[] h, int off) { return Structs.getShort(h, off + 8); }

    /**
     * Completes a partial checksum over {@code [start, end)}: the field at {@code start + offset}
     * holds the pseudo-header sum, the rest is folded in (RFC 1071). False if out of bounds.
     */
    static boolean completeChecksum(byte[] b, int start, int offset, int end) {
        if (start < 0 || offset < 0 || start + offset + 2 > end || end > b.length) return false;
        int c = ~Checksum.sum(b, start, end - start, 0) & 0xffff;
        // RFC 768: a computed UDP checksum of zero is sent as all ones; for TCP both mean the same.
        Checksum.write16(b, start + offset, c == 0 ? 0xffff : c);
        return true;
    }

    /**
     * Cuts a TCP/IPv4 super-segment at {@code p[off, off+len)} into segments of at most
     * {@code mss} payload bytes, each with its own IP length, id and checksum, TCP sequence number,
     * flags (FIN/PSH only on the last, CWR only on the first) and full TCP checksum, and hands each
     * to {@code sink}. {@code seg} is scratch space of at least 64 KiB. Returns the number of
     * segments, or -1 if the packet is not a well-formed TCP/IPv4 packet.
     */
    static int segmentTcp4(byte[] p, int off, int len, int mss, byte[] seg, Port.PacketReceiver sink) {
        if (len < Ipv4.HEADER_LENGTH || mss <= 0) return -1;
        int ihl = Ipv4.headerLength(p, off);
        if (ihl < Ipv4.HEADER_LENGTH || Ipv4.protocol(p, off) != Ipv4.PROTO_TCP || ihl + 20 > len) return -1;
        int tcp = off + ihl;
        int thl = ((p[tcp + 12] & 0xff) >>> 4) * 4;
        if (thl < 20 || ihl + thl > len) return -1;
        int headers = ihl + thl;
        int payload = len - headers;
        if (headers + Math.min(mss, payload) > seg.length) return -1;
        int id = Ipv4.identification(p, off);
        long seq = Ip4.read(p, tcp + 4) & 0xffffffffL;
        int flags = p[tcp + 13] & 0xff;
        int src = Ipv4.source(p, off), dst = Ipv4.destination(p, off);
        int count = 0;
        for (int done = 0; done < payload || (payload == 0 && count == 0); ) {
            int chunk = Math.min(mss, payload - done);
            boolean last = done + chunk >= payload;
            System.arraycopy(p, off, seg, 0, headers);
            System.arraycopy(p, off + headers + done, seg, headers, chunk);
            int segLen = headers + chunk;
            Checksum.write16(seg, 2, segLen);
            Checksum.write16(seg, 4, (id + count) & 0xffff);
            Checksum.write16(seg, 10, 0);
            Checksum.write16(seg, 10, Checksum.compute(seg, 0, ihl));
            Ip4.write(seg, ihl + 4, (int) (seq + done));
            int f = flags;
            if (!last) f &= ~(0x01 | 0x08); // FIN, PSH
            if (count > 0) f &= ~0x80;      // CWR
            seg[ihl + 13] = (byte) f;
            Checksum.write16(seg, ihl + 16, 0);
            int sum = Checksum.sum(seg, ihl, thl + chunk, Ipv4.pseudoHeaderSum(src, dst, Ipv4.PROTO_TCP, thl + chunk));
            Checksum.write16(seg, ihl + 16, ~sum & 0xffff);
            sink.receive(seg, 0, segLen);
            count++;
            done += chunk;
            if (chunk == 0) break;
        }
        return count;
    }
}
