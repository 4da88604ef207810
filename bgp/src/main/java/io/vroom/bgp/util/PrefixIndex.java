package io.vroom.bgp.util;

/**
 * Prefix → row: an open-addressing table (linear probing, backward-shift deletion, load at most
 * 3/4) whose slots hold the prefix and its row in one {@code long} ({@code prefix << 26 | row}), so
 * a look-up is one probe sequence over adjacent words, usually one cache line. A prefix here is
 * an IPv4 {@link io.vroom.bgp.wire.Nlri#key key} (address, length at most 32), stored in 38 bits;
 * rows are below {@link #MAX_ROWS}. The table shrinks when it empties below 1/8.
 */
public final class PrefixIndex {
    public static final int ROW_BITS = 26;
    public static final int MAX_ROWS = 1 << ROW_BITS;
    private static final long ROW_MASK = MAX_ROWS - 1;
    private static final long FREE = -1L; // prefix bits all ones: length 63, never a valid key
    private static final int MIN_CAPACITY = 1024;
    private long[] slots;
    private int mask;
    private int size;

    public PrefixIndex() {
        alloc(MIN_CAPACITY);
    }

    private void alloc(int cap) {
        slots = new long[cap];
        java.util.Arrays.fill(slots, FREE);
        mask = cap - 1;
    }

    /** Whether {@code key} can be held: an IPv4 NLRI key (address, then a length of at most 32). */
    public static boolean valid(long key) {
        return key >= 0 && key >>> 40 == 0 && (key & 0xff) <= 32;
    }

    private static long packed(long key) {
        return (key >>> 8) << 6 | (key & 0x3f);
    }

    private static int hash(long packed) {
        long h = packed * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /**
     * Makes room for {@code keys[from..to)} about to be added: reads the home slot of each (done
     * before handling the keys one by one, the cache misses of a whole UPDATE's NLRI overlap instead
     * of each stalling its route in turn) and grows the table now if the keys whose home slot is
     * free (most of them new) would fill it past its load.
     */
    public void prepare(long[] keys, int from, int to) {
        long[] t = slots;
        int free = 0;
        for (int i = from; i < to; i++) if (t[hash(packed(keys[i])) & mask] == FREE) free++;
        if (size + free > (mask + 1L) * 3 / 4) resize(slots.length * 2);
    }

    /** The row of {@code key}, or -1. */
    public int get(long key) {
        long p = packed(key);
        int i = hash(p) & mask;
        while (true) {
            long s = slots[i];
            if (s == FREE) return -1;
            if (s >>> ROW_BITS == p) return (int) (s & ROW_MASK);
            i = (i + 1) & mask;
        }
    }

    /**
     * The row of {@code key} if present; else {@code -1 - slot} where slot is the free slot at which
     * {@link #insertAt} adds it (valid until the table next changes).
     */
    public int find(long key) {
        long p = packed(key);
        int i = hash(p) & mask;
        while (true) {
            long s = slots[i];
            if (s == FREE) return -1 - i;
            if (s >>> ROW_BITS == p) return (int) (s & ROW_MASK);
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code key → row} at the slot {@link #find} returned for it. */
    public void insertAt(int findResult, long key, int row) {
        slots[-1 - findResult] = packed(key) << ROW_BITS | row;
        if (++size > (mask + 1L) * 3 / 4) resize(slots.length * 2);
    }

    public void remove(long key) {
        long p = packed(key);
        int i = hash(p) & mask;
        while (true) {
            long s = slots[i];
            if (s == FREE) return;
            if (s >>> ROW_BITS == p) break;
            i = (i + 1) & mask;
        }
        int hole = i, j = i;
        while (true) {
            j = (j + 1) & mask;
            long s = slots[j];
            if (s == FREE) break;
            int home = hash(s >>> ROW_BITS) & mask;
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                slots[hole] = s;
                hole = j;
            }
        }
        slots[hole] = FREE;
        size--;
        if (slots.length > MIN_CAPACITY && size < slots.length >>> 3) resize(slots.length >>> 1);
    }

    private void resize(int cap) {
        long[] old = slots;
        alloc(cap);
        for (long s : old) {
            if (s == FREE) continue;
            int i = hash(s >>> ROW_BITS) & mask;
            while (slots[i] != FREE) i = (i + 1) & mask;
            slots[i] = s;
        }
    }

    public int size() { return size; }

    public void clear() {
        alloc(MIN_CAPACITY);
        size = 0;
    }
}
