package io.vroom.bgp.mrt;

import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an MRT file (RFC 6396 §2-§4.3): reads one record at a time into a reused buffer (records
 * above {@link #MAX_RECORD} bytes are skipped, so memory stays bounded), and reports the
 * TABLE_DUMP_V2 PEER_INDEX_TABLE and RIB_IPV4_UNICAST entries to a {@link Sink}. Other types and
 * subtypes are skipped and counted. Malformed records are counted, never thrown.
 */
public final class MrtReader {
    public static final int TABLE_DUMP_V2 = 13, PEER_INDEX_TABLE = 1, RIB_IPV4_UNICAST = 2;
    public static final int MAX_RECORD = 1 << 20;

    /** A peer of the PEER_INDEX_TABLE (§4.3.1). */
    public record Peer(int bgpId, byte[] address, long as) {}

    public interface Sink {
        void peers(List<Peer> peers);

        /** One RIB entry (§4.3.4): the attributes are {@code attrs[off..off+len)}, valid during the call only (4-octet AS). */
        void route(long prefixKey, int peerIndex, byte[] attrs, int off, int len);
    }

    private final InputStream in;
    private byte[] buf = new byte[4096];
    private long skipped, malformed, entries;

    public MrtReader(InputStream in) {
        this.in = in;
    }

    public long skipped() { return skipped; }
    public long malformed() { return malformed; }
    public long entries() { return entries; }

    /** Reads to the end of the stream. */
    public void readAll(Sink sink) throws IOException {
        byte[] hdr = new byte[12];
        while (readFully(hdr, 12)) {
            int type = Wire.u16(hdr, 4), subtype = Wire.u16(hdr, 6);
            long len = Wire.u32(hdr, 8);
            if (len > MAX_RECORD) {
                skip(len);
                skipped++;
                continue;
            }
            int n = (int) len;
            if (buf.length < n) buf = new byte[Math.max(n, buf.length * 2)];
            if (!readFully(buf, n)) {
                malformed++;
                return;
            }
            if (type != TABLE_DUMP_V2) {
                skipped++;
            } else if (subtype == PEER_INDEX_TABLE) {
                List<Peer> p = peerIndex(buf, n);
                if (p == null) malformed++;
                else sink.peers(p);
            } else if (subtype == RIB_IPV4_UNICAST) {
                if (!rib(buf, n, sink)) malformed++;
            } else {
                skipped++;
            }
        }
    }

    private static List<Peer> peerIndex(byte[] b, int n) {
        if (n < 8) return null;
        int p = 4;
        int viewLen = Wire.u16(b, p);
        p += 2 + viewLen;
        if (p + 2 > n) return null;
        int count = Wire.u16(b, p);
        p += 2;
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (p + 1 > n) return null;
            int t = Wire.u8(b, p++);
            int alen = (t & 1) != 0 ? 16 : 4, aslen = (t & 2) != 0 ? 4 : 2;
            if (p + 4 + alen + aslen > n) return null;
            int id = Wire.i32(b, p);
            byte[] addr = Wire.copy(b, p + 4, alen);
            long as = aslen == 4 ? Wire.u32(b, p + 4 + alen) : Wire.u16(b, p + 4 + alen);
            peers.add(new Peer(id, addr, as));
            p += 4 + alen + aslen;
        }
        return peers;
    }

    private boolean rib(byte[] b, int n, Sink sink) {
        if (n < 7) return false;
        int bits = Wire.u8(b, 4);
        if (bits > 32) return false;
        int bytes = (bits + 7) >>> 3;
        int p = 5 + bytes;
        if (p + 2 > n) return false;
        int addr = 0;
        for (int i = 0; i < 4; i++) addr = (addr << 8) | (i < bytes ? b[5 + i] & 0xff : 0);
        long key = Nlri.key(addr, bits);
        int count = Wire.u16(b, p);
        p += 2;
        for (int i = 0; i < count; i++) {
            if (p + 8 > n) return false;
            int peer = Wire.u16(b, p);
            int alen = Wire.u16(b, p + 6);
            p += 8;
            if (p + alen > n) return false;
            entries++;
            sink.route(key, peer, b, p, alen);
            p += alen;
        }
        return true;
    }

    private boolean readFully(byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                if (off > 0) malformed++;
                return false;
            }
            off += r;
        }
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) return;
                s = 1;
            }
            n -= s;
        }
    }
}
