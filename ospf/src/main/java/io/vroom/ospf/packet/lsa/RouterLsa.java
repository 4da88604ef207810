package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * Router-LSA body (RFC 2328 A.4.2): flags (V, E, B), a link count, then 12-byte links
 * (link id, link data, type, #TOS = 0, metric). TOS metrics are accepted and ignored (TOS 0 only).
 */
public record RouterLsa(int flags, List<Link> links) implements LsaBody {
    public static final int FLAG_B = 0x01, FLAG_E = 0x02, FLAG_V = 0x04;
    public static final int LINK_P2P = 1, LINK_TRANSIT = 2, LINK_STUB = 3, LINK_VIRTUAL = 4;

    public RouterLsa {
        links = List.copyOf(links);
    }

    /** One link description; {@code id}/{@code data} meaning depends on {@code linkType} (Table 18). */
    public record Link(int id, int data, int linkType, int metric) {}

    @Override
    public int type() {
        return LsaHeader.TYPE_ROUTER;
    }

    @Override
    public int encodedLength() {
        return 4 + 12 * links.size();
    }

    @Override
    public void write(byte[] b, int off) {
        b[off] = (byte) flags;
        b[off + 1] = 0;
        Checksum.write16(b, off + 2, links.size());
        int p = off + 4;
        for (Link l : links) {
            Ip4.write(b, p, l.id);
            Ip4.write(b, p + 4, l.data);
            b[p + 8] = (byte) l.linkType;
            b[p + 9] = 0;
            Checksum.write16(b, p + 10, l.metric);
            p += 12;
        }
    }

    /** Decodes {@code len} body bytes; null if malformed. */
    static RouterLsa decode(byte[] b, int off, int len) {
        if (len < 4) return null;
        int count = Checksum.read16(b, off + 2);
        List<Link> links = new ArrayList<>(Math.min(count, len / 12));
        int p = off + 4, end = off + len;
        for (int i = 0; i < count; i++) {
            if (p + 12 > end) return null;
            int tosCount = b[p + 9] & 0xff;
            int type = b[p + 8] & 0xff;
            if (type < LINK_P2P || type > LINK_VIRTUAL) return null;
            links.add(new Link(Ip4.read(b, p), Ip4.read(b, p + 4), type, Checksum.read16(b, p + 10)));
            p += 12 + 4 * tosCount;
        }
        if (p != end) return null;
        return new RouterLsa(b[off] & 0x07, links);
    }
}
