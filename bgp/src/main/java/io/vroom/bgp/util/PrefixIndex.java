package io.vroom.bgp.util;

/**
 * Prefix → row: an open-addressing table (linear probing, backward-shift deletion, load at most
 * 3/4, growing by half) whose slots hold the prefix and its row in one {@code long} ({@code prefix << 26 | row}), so
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
    private int size;

    public PrefixIndex() {
        alloc(MIN_CAPACITY);
    }

    private void alloc(int cap) {
        slots = new long[cap];
        java.util.Arrays.fill(slots, FREE);
    }

    /** The home slot of a packed prefix: its hash scaled to the capacity (any capacity, not only powers of two). */
    private static int home(long packed, int cap) {
        return (int) (((hash(packed) & 0xffffffffL) * cap) >>> 32);
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
        for (int i = from; i < to; i++) if (t[home(packed(keys[i]), t.length)] == FREE) free++;
        if (size + free > t.length * 3L / 4) resize(grown(t.length));
    }

    /** The row of {@code key}, or -1. */
    public int get(long key) {
        long p = packed(key);
        long[] t = slots;
        int i = home(p, t.length);
        while (true) {
            long s = t[i];
            if (s == FREE) return -1;
            if (s >>> ROW_BITS == p) return (int) (s & ROW_MASK);
            if (++i == t.length) i = 0;
        }
    }

    /**
     * The row of {@code key} if present; else {@code -1 - slot} where slot is the free slot at which
     * {@link #insertAt} adds it (valid until the table next changes).
     */
    public int find(long key) {
        long p = packed(key);
        long[] t = slots;
        int i = home(p, t.length);
        while (true) {
            long s = t[i];
            if (s == FREE) return -1 - i;
            if (s >>> ROW_BITS == p) return (int) (s & ROW_MASK);
            if (++i == t.length) i = 0;
        }
    }

    /** Adds {@code key → row} at the slot {@link #find} returned for it. */
    public void insertAt(int findResult, long key, int row) {
        slots[-1 - findResult] = packed(key) << ROW_BITS | row;
        if (++size > slots.length * 3L / 4) resize(grown(slots.length));
    }

    public void remove(long key) {
        long p = packed(key);
        long[] t = slots;
        int cap = t.length;
        int i = home(p, cap);
        while (true) {
            long s = t[i];
            if (s == FREE) return;
            if (s >>> ROW_BITS == p) break;
            if (++i == cap) i = 0;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = i, j = i;
        while (true) {
            if (++j == cap) j = 0;
            long s = t[j];
            if (s == FREE) break;
            int h = home(s >>> ROW_BITS, cap);
            boolean between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!between) {
                t[hole] = s;
                hole = j;
            }
        }
        t[hole] = FREE;
        size--;
        if (cap > MIN_CAPACITY && size < cap >>> 3) resize(Math.max(MIN_CAPACITY, cap >>> 1));
    }

    /** Grows by half (a table of 1M prefixes then averages 12 bytes a prefix rather than 16 at doubling). */
    private static int grown(int cap) {
        return cap + (cap >>> 1);
    }

    private void resize(int cap) {
        long[] old = slots;
        alloc(cap);
        long[] t = slots;
        for (long s : old) {
            if (s == FREE) continue;
            int i = home(s >>> ROW_BITS, cap);
            while (t[i] != FREE) if (++i == cap) i = 0;
            t[i] = s;
        }
    }

    public int size() { return size; }

    public void clear() {
        alloc(MIN_CAPACITY);
        size = 0;
    }
}
