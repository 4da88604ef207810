package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Ip4;

/**
 * Summary-LSA body, types 3 (network) and 4 (ASBR) (RFC 2328 A.4.4): network mask (0 for type 4),
 * then TOS 0 with a 24-bit metric. Further TOS entries are ignored.
 */
public record SummaryLsa(int type, int mask, int metric) implements LsaBody {
    public static final int LS_INFINITY = 0xffffff;

    @Override
    public int encodedLength() {
        return 8;
    }

    @Override
    public void write(byte[] b, int off) {
        Ip4.write(b, off, mask);
        Ip4.write(b, off + 4, metric & 0xffffff);
    }

    static SummaryLsa decode(int type, byte[] b, int off, int len) {
        if (len < 8 || len % 4 != 0) return null;
        return new SummaryLsa(type, Ip4.read(b, off), Ip4.read(b, off + 4) & 0xffffff);
    }
}
