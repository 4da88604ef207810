package io.vroom.bgp.wire;

/** An IPv6 prefix as two longs (carried, not routed: the VR's RIB is IPv4). Host bits are cleared. */
public record Ip6Prefix(long hi, long lo, int length) implements Comparable<Ip6Prefix> {
    public Ip6Prefix {
        if (length <= 0) { hi = 0; lo = 0; }
        else if (length < 64) { hi &= -1L << (64 - length); lo = 0; }
        else if (length == 64) lo = 0;
        else if (length < 128) lo &= -1L << (128 - length);
    }

    @Override
    public int compareTo(Ip6Prefix o) {
        int c = Long.compareUnsigned(hi, o.hi);
        if (c == 0) c = Long.compareUnsigned(lo, o.lo);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4));
            if (i > 0) s.append(':');
            s.append(Long.toHexString(word & 0xffff));
        }
        return s.append('/').append(length).toString();
    }
}
