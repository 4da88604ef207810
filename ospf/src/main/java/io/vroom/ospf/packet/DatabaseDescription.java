package io.vroom.ospf.packet;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.ospf.packet.lsa.LsaHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Database Description body (RFC 2328 A.3.3): interface MTU, options, the I/M/MS bits, the DD
 * sequence number, then LSA headers.
 */
public record DatabaseDescription(int interfaceMtu, int options, int flags, int ddSeq, List<LsaHeader> headers) implements PacketBody {
    public static final int FLAG_MS = 0x01, FLAG_M = 0x02, FLAG_I = 0x04;

    public DatabaseDescription {
        headers = List.copyOf(headers);
    }

    public boolean init() { return (flags & FLAG_I) != 0; }
    public boolean more() { return (flags & FLAG_M) != 0; }
    public boolean master() { return (flags & FLAG_MS) != 0; }

    @Override
    public int type() {
        return OspfPacket.TYPE_DD;
    }

    @Override
    public int encodedLength() {
        return 8 + LsaHeader.LENGTH * headers.size();
    }

    @Override
    public void write(byte[] b, int off) {
        Checksum.write16(b, off, interfaceMtu);
        b[off + 2] = (byte) options;
        b[off + 3] = (byte) flags;
        Ip4.write(b, off + 4, ddSeq);
        int p = off + 8;
        for (LsaHeader h : headers) {
            h.write(b, p);
            p += LsaHeader.LENGTH;
        }
    }

    static DatabaseDescription decode(byte[] b, int off, int len) {
        if (len < 8 || (len - 8) % LsaHeader.LENGTH != 0) return null;
        List<LsaHeader> hs = new ArrayList<>((len - 8) / LsaHeader.LENGTH);
        for (int p = off + 8; p < off + len; p += LsaHeader.LENGTH) hs.add(LsaHeader.read(b, p));
        return new DatabaseDescription(Checksum.read16(b, off), b[off + 2] & 0xff, b[off + 3] & 0x07, Ip4.read(b, off + 4), hs);
    }
}
