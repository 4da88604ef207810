package io.vroom.dataplane.port;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed set of named counters, incremented from any thread (port I/O threads and senders).
 * Each port declares its names once; indices are its constants. Reads are a snapshot in
 * declaration order.
 */
public final class PortCounters {
    private final String[] names;
    private final AtomicLongArray values;

    public PortCounters(String... names) {
        this.names = names.clone();
        this.values = new AtomicLongArray(names.length);
    }

    public void inc(int index) {
        values.incrementAndGet(index);
    }

    public void add(int index, long delta) {
        values.addAndGet(index, delta);
    }

    public long get(int index) {
        return values.get(index);
    }

    /** The value of a counter by name; unknown names read as -1. */
    public long get(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return values.get(i);
        return -1;
    }

    /** Every counter, in declaration order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) out.put(names[i], values.get(i));
        return out;
    }
}
