package io.vroom.core.forward;

import io.vroom.core.dataplane.FibEntry;

/** What an LPM value stands for: an entry kind and, for FORWARD, its ECMP next hops. Immutable. */
final class NextHopGroup {
    final FibEntry.Kind kind;
    final int[] ifIndex;
    final int[] gateway;
    final int size;

    NextHopGroup(FibEntry.Kind kind, int[] ifIndex, int[] gateway) {
        this.kind = kind;
        this.ifIndex = ifIndex;
        this.gateway = gateway;
        this.size = ifIndex.length;
    }
}
