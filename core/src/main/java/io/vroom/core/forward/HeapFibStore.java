package io.vroom.core.forward;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A FIB store on the heap, for the simulator and tests. Entries survive close and reopen through
 * the same {@link Factory} (as a file would across a node restart), not across JVMs.
 */
public final class HeapFibStore implements FibStore {
    private final TreeMap<Ip4Prefix, FibEntry> entries = new TreeMap<>();
    private final int capacity;

    public HeapFibStore(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("FIB capacity must be positive: " + capacity);
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean put(FibEntry entry) {
        if (entries.size() >= capacity && !entries.containsKey(entry.prefix())) return false;
        entries.put(entry.prefix(), entry);
        return true;
    }

    @Override
    public boolean remove(Ip4Prefix prefix) {
        return entries.remove(prefix) != null;
    }

    @Override
    public void forEach(Consumer<FibEntry> action) {
        entries.values().forEach(action);
    }

    @Override
    public void close() {
        // Nothing to release: the factory keeps the entries for the next open.
    }

    /** Keeps each VR's store in memory across close/open; {@link #delete} drops it. */
    public static final class Factory implements FibStore.Factory {
        private final Map<String, HeapFibStore> stores = new HashMap<>();
        private final int capacity;

        public Factory(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public FibStore open(String vrName) {
            return stores.computeIfAbsent(vrName, n -> new HeapFibStore(capacity));
        }

        @Override
        public void delete(String vrName) {
            stores.remove(vrName);
        }
    }
}
