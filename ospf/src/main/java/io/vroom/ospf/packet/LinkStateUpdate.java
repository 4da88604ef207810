package io.vroom.ospf.packet;

import io.vroom.core.net.Ip4;
import io.vroom.ospf.packet.lsa.Lsa;
import java.util.ArrayList;
import java.util.List;

/**
 * Link State Update body (RFC 2328 A.3.5): a count, then whole LSAs. LSAs that fail their own
 * checks (length, checksum, unknown type) are left out and counted in {@code badLsas}: §13 step 1
 * discards the LSA, not the packet.
 */
public record LinkStateUpdate(List<Lsa> lsas, int badLsas, String firstError) implements PacketBody {
    public LinkStateUpdate {
        lsas = List.copyOf(lsas);
    }

    public static LinkStateUpdate of(List<Lsa> lsas) {
        return new LinkStateUpdate(lsas, 0, null);
    }

    @Override
    public int type() {
        return OspfPacket.TYPE_LSU;
    }

    @Override
    public int encodedLength() {
        int n = 4;
        for (Lsa l : lsas) n += l.bytes().length;
        return n;
    }

    @Override
    public void write(byte[] b, int off) {
        Ip4.write(b, off, lsas.size());
        int p = off + 4;
        for (Lsa l : lsas) {
            System.arraycopy(l.bytes(), 0, b, p, l.bytes().length);
            p += l.bytes().length;
        }
    }

    static LinkStateUpdate decode(byte[] b, int off, int len) {
        if (len < 4) return null;
        long count = Ip4.read(b, off) & 0xffffffffL;
        if (count > len / 20) return null;
        List<Lsa> out = new ArrayList<>((int) count);
        int bad = 0;
        String firstError = null;
        int p = off + 4, end = off + len;
        for (long i = 0; i < count; i++) {
            if (end - p < 20) return null;
            int l = ((b[p + 18] & 0xff) << 8) | (b[p + 19] & 0xff);
            if (l < 20 || l > end - p) return null; // cannot find the next LSA: the packet is malformed
            Lsa.Decoded d = Lsa.decode(b, p, l);
            if (d.lsa() != null) {
                out.add(d.lsa());
            } else {
                bad++;
                if (firstError == null) firstError = d.error();
            }
            p += l;
        }
        return new LinkStateUpdate(out, bad, firstError);
    }

    @Override
    public String toString() {
        return "LinkStateUpdate" + lsas;
    }
}
