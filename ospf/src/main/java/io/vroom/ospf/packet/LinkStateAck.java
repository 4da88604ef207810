package io.vroom.ospf.packet;

import io.vroom.ospf.packet.lsa.LsaHeader;
import java.util.ArrayList;
import java.util.List;

/** Link State Acknowledgment body (RFC 2328 A.3.6): LSA headers. */
public record LinkStateAck(List<LsaHeader> headers) implements PacketBody {
    public LinkStateAck {
        headers = List.copyOf(headers);
    }

    @Override
    public int type() {
        return OspfPacket.TYPE_LSACK;
    }

    @Override
    public int encodedLength() {
        return LsaHeader.LENGTH * headers.size();
    }

    @Override
    public void write(byte[] b, int off) {
        int p = off;
        for (LsaHeader h : headers) {
            h.write(b, p);
            p += LsaHeader.LENGTH;
        }
    }

    static LinkStateAck decode(byte[] b, int off, int len) {
        if (len % LsaHeader.LENGTH != 0) return null;
        List<LsaHeader> hs = new ArrayList<>(len / LsaHeader.LENGTH);
        for (int p = off; p < off + len; p += LsaHeader.LENGTH) hs.add(LsaHeader.read(b, p));
        return new LinkStateAck(hs);
    }
}
