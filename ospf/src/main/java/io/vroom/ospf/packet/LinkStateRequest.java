package io.vroom.ospf.packet;

import io.vroom.core.net.Ip4;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.List;

/** Link State Request body (RFC 2328 A.3.4): 12-byte entries (LS type as 32 bits, link-state id, advertising router). */
public record LinkStateRequest(List<LsaKey> requests) implements PacketBody {
    public LinkStateRequest {
        requests = List.copyOf(requests);
    }

    @Override
    public int type() {
        return OspfPacket.TYPE_LSR;
    }

    @Override
    public int encodedLength() {
        return 12 * requests.size();
    }

    @Override
    public void write(byte[] b, int off) {
        int p = off;
        for (LsaKey k : requests) {
            Ip4.write(b, p, k.type());
            Ip4.write(b, p + 4, k.lsId());
            Ip4.write(b, p + 8, k.advRouter());
            p += 12;
        }
    }

    static LinkStateRequest decode(byte[] b, int off, int len) {
        if (len % 12 != 0) return null;
        List<LsaKey> ks = new ArrayList<>(len / 12);
        for (int p = off; p < off + len; p += 12) ks.add(new LsaKey(Ip4.read(b, p), Ip4.read(b, p + 4), Ip4.read(b, p + 8)));
        return new LinkStateRequest(ks);
    }
}
