package io.vroom.core.dataplane;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import java.util.List;

/**
 * One FIB entry: what the data plane does with packets whose longest match is {@code prefix}.
 * FORWARD uses {@code nextHops} (ECMP by flow hash); LOCAL punts to the VR's control plane;
 * BLACKHOLE drops silently; UNREACHABLE drops with ICMP unreachable.
 */
public record FibEntry(Ip4Prefix prefix, Kind kind, List<NextHop> nextHops) {
    public enum Kind { FORWARD, LOCAL, BLACKHOLE, UNREACHABLE }

    /** The most next hops one entry holds (ECMP width). */
    public static final int MAX_NEXT_HOPS = 8;

    public FibEntry {
        nextHops = List.copyOf(nextHops);
        if (nextHops.size() > MAX_NEXT_HOPS) throw new IllegalArgumentException("more than " + MAX_NEXT_HOPS + " next hops");
        if (kind == Kind.FORWARD && nextHops.isEmpty()) throw new IllegalArgumentException("FORWARD entry without next hop");
    }

    public static FibEntry forward(Ip4Prefix prefix, List<NextHop> nextHops) {
        return new FibEntry(prefix, Kind.FORWARD, nextHops);
    }

    public static FibEntry local(Ip4Prefix prefix) {
        return new FibEntry(prefix, Kind.LOCAL, List.of());
    }
}
