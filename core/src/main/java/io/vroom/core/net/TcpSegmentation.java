package io.vroom.core.net;

/**
 * Segmentation of a TCP/IPv4 super-segment (what TSO/GSO hardware does): a packet whose payload is
 * larger than one segment is cut into packets of at most {@code mss} payload bytes, each a valid
 * packet on its own. Used where a super-segment meets something that carries only single segments
 * (a port without offload, a link's MTU). Pure function over byte arrays; never throws on bad input.
 */
public final class TcpSegmentation {
    private TcpSegmentation() {}

    /** Where the cut segments go; {@code buf} is only valid during the call. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] buf, int off, int len);
    }

    /** Largest IPv4 packet (the total length field is 16 bits). */
    public static final int MAX_PACKET = 65535;

    /**
     * Cuts the TCP/IPv4 packet at {@code p[off, off+len)} into segments of at most {@code mss}
     * payload bytes, each with its own IP length, id and header checksum, TCP sequence number, flags
     * (FIN/PSH only on the last, CWR only on the first) and full TCP checksum (options copied as they
     * are), and hands each to {@code sink}. {@code scratch} is space of at least headers + mss bytes
     * reused for every segment, or null: each segment then gets an array of its own (the sink may keep
     * it). Returns the number of segments, or -1 if the packet is not a well-formed TCP/IPv4 packet.
     */
    public static int cut(byte[] p, int off, int len, int mss, byte[] scratch, Sink sink) {
        if (p == null || off < 0 || len < Ipv4.HEADER_LENGTH || off + len > p.length || mss <= 0) return -1;
        int ihl = Ipv4.headerLength(p, off);
        if (ihl < Ipv4.HEADER_LENGTH || Ipv4.protocol(p, off) != Ipv4.PROTO_TCP || ihl + 20 > len) return -1;
        int tcp = off + ihl;
        int thl = ((p[tcp + 12] & 0xff) >>> 4) * 4;
        if (thl < 20 || ihl + thl > len) return -1;
        int headers = ihl + thl;
        int payload = len - headers;
        if (scratch != null && headers + Math.min(mss, payload) > scratch.length) return -1;
        int id = Ipv4.identification(p, off);
        long seq = Ip4.read(p, tcp + 4) & 0xffffffffL;
        int flags = p[tcp + 13] & 0xff;
        int src = Ipv4.source(p, off), dst = Ipv4.destination(p, off);
        int count = 0;
        for (int done = 0; done < payload || (payload == 0 && count == 0); ) {
            int chunk = Math.min(mss, payload - done);
            boolean last = done + chunk >= payload;
            byte[] seg = scratch != null ? scratch : new byte[headers + chunk];
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
            sink.accept(seg, 0, segLen);
            count++;
            done += chunk;
            if (chunk == 0) break;
        }
        return count;
    }

    /**
     * Cuts {@code packet} (a whole array) into segments of at most {@code mss} payload bytes and
     * hands each to {@code each} as an array of its own (the receiver may keep it). A packet that is
     * not a well-formed TCP/IPv4 packet goes as it is.
     */
    public static void each(byte[] packet, int mss, java.util.function.Consumer<byte[]> each) {
        if (mss > 0 && packet != null && packet.length <= MAX_PACKET && cut(packet, 0, packet.length, mss, null, (b, o, l) -> each.accept(b)) >= 0) return;
        each.accept(packet);
    }
}
