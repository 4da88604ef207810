package io.vroom.dataplane.fib;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of a FIB entry. Key: {@code address << 8 | length} as a long. Value:
 * <pre>
 * +--------+--------+-----------------+-----------------+--
 * |  kind  |   n    | ifIndex (16 bit)| gateway (32 bit)| ... n next hops
 * +--------+--------+-----------------+-----------------+--
 * </pre>
 * so a one-next-hop route costs 8 bytes. Decoding never throws: a damaged value (a file written
 * by a process killed mid-update) decodes to null and is skipped.
 */
final class FibEntryCodec {
    private FibEntryCodec() {}

    private static final FibEntry.Kind[] KINDS = FibEntry.Kind.values();
    static final int MAX_IF_INDEX = 0xffff;

    static long key(Ip4Prefix prefix) {
        return (Integer.toUnsignedLong(prefix.address()) << 8) | prefix.length();
    }

    /** The prefix of a key, or null if the key is not one {@link #key} can produce. */
    static Ip4Prefix prefix(long key) {
        int length = (int) (key & 0xff);
        if (length > 32 || (key >>> 40) != 0) return null;
        int address = (int) (key >>> 8);
        if ((address & ~io.vroom.core.net.Ip4.mask(length)) != 0) return null;
        return new Ip4Prefix(address, length);
    }

    static byte[] encode(FibEntry e) {
        List<NextHop> hops = e.nextHops();
        byte[] b = new byte[2 + 6 * hops.size()];
        b[0] = (byte) e.kind().ordinal();
        b[1] = (byte) hops.size();
        int p = 2;
        for (NextHop nh : hops) {
            if (nh.ifIndex() < 0 || nh.ifIndex() > MAX_IF_INDEX) throw new IllegalArgumentException("interface index out of range: " + nh);
            b[p] = (byte) (nh.ifIndex() >>> 8);
            b[p + 1] = (byte) nh.ifIndex();
            io.vroom.core.net.Ip4.write(b, p + 2, nh.gateway());
            p += 6;
        }
        return b;
    }

    static FibEntry decode(long key, byte[] b) {
        Ip4Prefix prefix = prefix(key);
        if (prefix == null || b == null || b.length < 2) return null;
        int kind = b[0] & 0xff, n = b[1] & 0xff;
        if (kind >= KINDS.length || n > FibEntry.MAX_NEXT_HOPS || b.length != 2 + 6 * n) return null;
        if (KINDS[kind] == FibEntry.Kind.FORWARD && n == 0) return null;
        List<NextHop> hops = new ArrayList<>(n);
        for (int i = 0, p = 2; i < n; i++, p += 6) {
            hops.add(new NextHop(((b[p] & 0xff) << 8) | (b[p + 1] & 0xff), io.vroom.core.net.Ip4.read(b, p + 2)));
        }
        return new FibEntry(prefix, KINDS[kind], hops);
    }
}
