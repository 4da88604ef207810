package io.vroom.dataplane.port;

import io.vroom.core.dataplane.Port;
import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import io.vroom.core.net.TcpSegmentation;

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
     * Writes the header of a TCP/IPv4 super-segment for the kernel to cut (TSO): partial checksum at
     * the TCP checksum field, GSO_TCPV4 at {@code segmentBytes} of payload. {@code tcpStart}: bytes
     * before the TCP header in the frame (Ethernet and IPv4 headers); {@code tcpHeaderBytes}: its length.
     */
    static void writeTcp4Gso(byte[] h, int off, int tcpStart, int tcpHeaderBytes, int segmentBytes) {
        h[off] = (byte) F_NEEDS_CSUM;
        h[off + 1] = (byte) GSO_TCPV4;
        Structs.putShort(h, off + 2, tcpStart + tcpHeaderBytes); // hdr_len
        Structs.putShort(h, off + 4, segmentBytes);              // gso_size
        Structs.putShort(h, off + 6, tcpStart);                  // csum_start
        Structs.putShort(h, off + 8, 16);                        // csum_offset: the TCP checksum field
    }

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

    /** Cuts a TCP/IPv4 super-segment into segments of at most {@code mss} payload bytes: {@link TcpSegmentation#cut}. */
    static int segmentTcp4(byte[] p, int off, int len, int mss, byte[] seg, Port.PacketReceiver sink) {
        return TcpSegmentation.cut(p, off, len, mss, seg, sink::receive);
    }
}
