package io.vroom.bgp.util;

/**
 * An open-addressing hash map from non-negative {@code long} keys to {@code int} values (linear
 * probing, backward-shift deletion, no tombstones). 12 bytes per slot; load factor at most 3/4.
 * Keys must be {@code >= 0} ({@code -1} marks a free slot). The table also shrinks when it
 * empties below 1/8 (a pending-changes map that once held a full table must not keep 24 MB, nor
 * make every slot walk over it cost 2M probes).
 */
public final class LongIntMap {
    private static final long FREE = -1L;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;
    private final int limit;

    /** {@code limit}: the most entries this map may hold; {@link #put} beyond it returns false. */
    public LongIntMap(int expected, int limit) {
        this.limit = limit;
        int cap = 16;
        while (cap * 3L / 4 < expected) cap <<= 1;
        alloc(cap);
    }

    public LongIntMap() { this(16, Integer.MAX_VALUE); }

    private void alloc(int cap) {
        keys = new long[cap];
        java.util.Arrays.fill(keys, FREE);
        values = new int[cap];
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value for {@code key}, or {@code missing}. */
    public int get(long key, int missing) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == FREE) return missing;
            i = (i + 1) & mask;
        }
    }

    public boolean containsKey(long key) {
        return slot(key) >= 0;
    }

    private int slot(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) return i;
            if (k == FREE) return -1;
            i = (i + 1) & mask;
        }
    }

    /**
     * Sets {@code key} to {@code value}; returns the previous value or {@code missing}. When the
     * map is at its limit a new key is refused: returns {@code missing} and {@link #lastPutRefused()} is true.
     */
    public int put(long key, int value, int missing) {
        refused = false;
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == FREE) break;
            i = (i + 1) & mask;
        }
        if (size >= limit) {
            refused = true;
            return missing;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > (mask + 1) * 3L / 4) grow();
        return missing;
    }

    private boolean refused;

    public boolean lastPutRefused() { return refused; }

    private void grow() {
        resize(keys.length * 2);
    }

    private void resize(int cap) {
        long[] ok = keys;
        int[] ov = values;
        alloc(cap);
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] == FREE) continue;
            int i = hash(ok[j]) & mask;
            while (keys[i] != FREE) i = (i + 1) & mask;
            keys[i] = ok[j];
            values[i] = ov[j];
        }
    }

    /** Removes {@code key}; returns its value or {@code missing}. */
    public int remove(long key, int missing) {
        int i = slot(key);
        if (i < 0) return missing;
        int old = values[i];
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long k = keys[j];
            if (k == FREE) break;
            int home = hash(k) & mask;
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = k;
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = FREE;
        size--;
        if (keys.length > MIN_SHRINK_CAPACITY && size < keys.length >>> 3) resize(keys.length >>> 1);
        return old;
    }

    private static final int MIN_SHRINK_CAPACITY = 1024;

    public int size() { return size; }

    public void clear() {
        if (keys.length > MIN_SHRINK_CAPACITY) alloc(MIN_SHRINK_CAPACITY);
        else java.util.Arrays.fill(keys, FREE);
        size = 0;
    }

    /** Slot iteration: {@code for (int s = m.first(); s >= 0; s = m.next(s))}; do not modify while iterating. */
    public int first() { return next(-1); }

    public int next(int slot) {
        for (int i = slot + 1; i < keys.length; i++) if (keys[i] != FREE) return i;
        return -1;
    }

    public long keyAt(int slot) { return keys[slot]; }

    public int valueAt(int slot) { return values[slot]; }

    public void setValueAt(int slot, int v) { values[slot] = v; }

    /** All keys, sorted ascending (for deterministic output such as dumps and {@code show}). */
    public long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) if (k != FREE) out[n++] = k;
        java.util.Arrays.sort(out);
        return out;
    }
}
