package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Ip4;

/**
 * AS-external-LSA body (RFC 2328 A.4.5): network mask, then for TOS 0 the E bit (type 2 metric if
 * set), a 24-bit metric, the forwarding address and the external route tag.
 */
public record ExternalLsa(int mask, boolean type2, int metric, int forwardingAddress, int routeTag) implements LsaBody {
    @Override
    public int type() {
        return LsaHeader.TYPE_EXTERNAL;
    }

    @Override
    public int encodedLength() {
        return 16;
    }

    @Override
    public void write(byte[] b, int off) {
        Ip4.write(b, off, mask);
        Ip4.write(b, off + 4, (type2 ? 0x80000000 : 0) | (metric & 0xffffff));
        Ip4.write(b, off + 8, forwardingAddress);
        Ip4.write(b, off + 12, routeTag);
    }

    static ExternalLsa decode(byte[] b, int off, int len) {
        if (len < 16 || len % 12 != 4) return null;
        int w = Ip4.read(b, off + 4);
        return new ExternalLsa(Ip4.read(b, off), (w & 0x80000000) != 0, w & 0xffffff, Ip4.read(b, off + 8), Ip4.read(b, off + 12));
    }
}
