package io.vroom.core.forward;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one VR interface, updated from any port thread without locks or allocation. */
final class InterfaceCounters {
    final LongAdder rxPackets = new LongAdder();
    final LongAdder rxBytes = new LongAdder();
    final LongAdder txPackets = new LongAdder();
    final LongAdder txBytes = new LongAdder();
    final LongAdder punted = new LongAdder();
    final LongAdder icmpSent = new LongAdder();
    final LongAdder icmpRateLimited = new LongAdder();
    private final LongAdder[] drops = new LongAdder[Drop.values().length];

    InterfaceCounters() {
        for (int i = 0; i < drops.length; i++) drops[i] = new LongAdder();
    }

    void drop(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    void tx(int bytes) {
        txPackets.increment();
        txBytes.add(bytes);
    }

    /** A snapshot, in a stable order. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rx_packets", rxPackets.sum());
        m.put("rx_bytes", rxBytes.sum());
        m.put("tx_packets", txPackets.sum());
        m.put("tx_bytes", txBytes.sum());
        m.put("punted", punted.sum());
        m.put("icmp_sent", icmpSent.sum());
        m.put("icmp_rate_limited", icmpRateLimited.sum());
        for (Drop d : Drop.values()) m.put(d.counterName(), drops[d.ordinal()].sum());
        return m;
    }
}
