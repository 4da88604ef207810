package io.vroom.ospf;

import java.util.TreeMap;

/** Per-interface packet counters: sent and received per packet type, and drops per reason (for show). */
public final class Counters {
    final long[] rx = new long[6];
    final long[] tx = new long[6];
    /** Drop reason -&gt; count; reasons are a small fixed vocabulary, so this is bounded. */
    final TreeMap<String, Long> drops = new TreeMap<>();
    /** Adjacencies on this interface that left Full (what a migration must never cause). */
    long adjacencyDrops;

    void drop(String reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    public long drops(String reason) {
        return drops.getOrDefault(reason, 0L);
    }

    public long totalDrops() {
        long n = 0;
        for (long v : drops.values()) n += v;
        return n;
    }

    public long rx(int type) {
        return rx[type];
    }

    public long tx(int type) {
        return tx[type];
    }
}
