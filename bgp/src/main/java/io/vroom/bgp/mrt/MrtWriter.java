package io.vroom.bgp.mrt;

import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.PeerInfo;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.WireWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Dumps a Loc-RIB as MRT TABLE_DUMP_V2 (RFC 6396 §4.3): a PEER_INDEX_TABLE with one entry per peer
 * slot (slot 0, the speaker itself, as peer 0) and one RIB_IPV4_UNICAST record per prefix holding
 * its best route, attributes with 4-octet ASes (§4.3.4).
 */
public final class MrtWriter {
    private MrtWriter() {}

    public static long dump(BgpRib rib, int timestampSec, OutputStream out) throws IOException {
        WireWriter w = new WireWriter(256);
        w.u32(rib.routerId() & 0xffffffffL).u16(0).u16(rib.slots());
        for (int s = 0; s < rib.slots(); s++) {
            PeerInfo p = rib.peer(s);
            w.u8(2).u32(p == null ? 0 : p.peerId() & 0xffffffffL).u32(p == null ? 0 : p.peerAddress() & 0xffffffffL)
                    .u32(p == null ? 0 : p.peerAs());
        }
        record(out, timestampSec, MrtReader.PEER_INDEX_TABLE, w);
        long seq = 0;
        for (long key : rib.locRibKeys()) {
            PathAttributes a = rib.best(key);
            if (a == null) continue;
            byte[] attrs = AttributeCodec.encode(a, true);
            w = new WireWriter(32 + attrs.length);
            w.u32(seq++);
            Nlri.encodeIpv4(w, key);
            w.u16(1).u16(rib.bestSlot(key)).u32(timestampSec & 0xffffffffL).u16(attrs.length).bytes(attrs);
            record(out, timestampSec, MrtReader.RIB_IPV4_UNICAST, w);
        }
        return seq;
    }

    private static void record(OutputStream out, int ts, int subtype, WireWriter body) throws IOException {
        WireWriter h = new WireWriter(12);
        h.u32(ts & 0xffffffffL).u16(MrtReader.TABLE_DUMP_V2).u16(subtype).u32(body.length());
        out.write(h.array(), 0, 12);
        out.write(body.array(), 0, body.length());
    }
}
