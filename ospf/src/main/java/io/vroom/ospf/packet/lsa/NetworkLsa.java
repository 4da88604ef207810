package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;

/** Network-LSA body (RFC 2328 A.4.3): the network mask, then every attached router's id (DR included). */
public record NetworkLsa(int mask, List<Integer> attachedRouters) implements LsaBody {
    public NetworkLsa {
        attachedRouters = List.copyOf(attachedRouters);
    }

    @Override
    public int type() {
        return LsaHeader.TYPE_NETWORK;
    }

    @Override
    public int encodedLength() {
        return 4 + 4 * attachedRouters.size();
    }

    @Override
    public void write(byte[] b, int off) {
        Ip4.write(b, off, mask);
        int p = off + 4;
        for (int r : attachedRouters) {
            Ip4.write(b, p, r);
            p += 4;
        }
    }

    static NetworkLsa decode(byte[] b, int off, int len) {
        if (len < 8 || len % 4 != 0) return null;
        List<Integer> routers = new ArrayList<>(len / 4 - 1);
        for (int p = off + 4; p < off + len; p += 4) routers.add(Ip4.read(b, p));
        return new NetworkLsa(Ip4.read(b, off), routers);
    }
}
