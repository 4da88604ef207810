package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Ip4;

/** What identifies an LSA in a database (RFC 2328 §12.1): type, link-state id, advertising router. */
public record LsaKey(int type, int lsId, int advRouter) implements Comparable<LsaKey> {
    @Override
    public int compareTo(LsaKey o) {
        int c = Integer.compare(type, o.type);
        if (c != 0) return c;
        c = Integer.compareUnsigned(lsId, o.lsId);
        return c != 0 ? c : Integer.compareUnsigned(advRouter, o.advRouter);
    }

    @Override
    public String toString() {
        return "type" + type + "/" + Ip4.format(lsId) + "/" + Ip4.format(advRouter);
    }
}
