package io.vroom.ospf.packet;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * Hello body (RFC 2328 A.3.2): network mask, HelloInterval, options, router priority,
 * RouterDeadInterval, DR, BDR, then the router ids of every neighbor heard from recently.
 */
public record Hello(int networkMask, int helloIntervalSec, int options, int priority, int deadIntervalSec,
                    int designatedRouter, int backupDesignatedRouter, List<Integer> neighbors) implements PacketBody {
    public Hello {
        neighbors = List.copyOf(neighbors);
    }

    @Override
    public int type() {
        return OspfPacket.TYPE_HELLO;
    }

    @Override
    public int encodedLength() {
        return 20 + 4 * neighbors.size();
    }

    @Override
    public void write(byte[] b, int off) {
        Ip4.write(b, off, networkMask);
        Checksum.write16(b, off + 4, helloIntervalSec);
        b[off + 6] = (byte) options;
        b[off + 7] = (byte) priority;
        Ip4.write(b, off + 8, deadIntervalSec);
        Ip4.write(b, off + 12, designatedRouter);
        Ip4.write(b, off + 16, backupDesignatedRouter);
        int p = off + 20;
        for (int n : neighbors) {
            Ip4.write(b, p, n);
            p += 4;
        }
    }

    static Hello decode(byte[] b, int off, int len) {
        if (len < 20 || (len - 20) % 4 != 0) return null;
        List<Integer> ns = new ArrayList<>((len - 20) / 4);
        for (int p = off + 20; p < off + len; p += 4) ns.add(Ip4.read(b, p));
        return new Hello(Ip4.read(b, off), Checksum.read16(b, off + 4), b[off + 6] & 0xff, b[off + 7] & 0xff,
                Ip4.read(b, off + 8), Ip4.read(b, off + 12), Ip4.read(b, off + 16), ns);
    }
}
