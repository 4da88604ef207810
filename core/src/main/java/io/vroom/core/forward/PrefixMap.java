package io.vroom.core.forward;

/**
 * Writer-side table of the prefixes an {@link Lpm} holds: an open-addressing map from a prefix to
 * its value, with linear probing and backward-shift deletion. Each slot is one {@code long}
 * packing the whole entry, so a probe touches one cache line and nothing is boxed:
 * <pre>
 *  63 62 61                              30 29      24 23                  0
 * +-----+----------------------------------+----------+---------------------+
 * |  0  |         address (32 bit)         | length(6)|   value + 1 (24)    |
 * +-----+----------------------------------+----------+---------------------+
 * </pre>
 * ({@code 0}: empty slot, since a stored value plus one is never 0). Memory is 8 bytes per slot,
 * about 12–24 bytes per prefix at the load factors kept (1/8..2/3). Not thread-safe.
 *
 * <p>Callers name prefixes by {@link #key} ({@code address << 8 | length}, the same form the
 * Chronicle FIB uses on disk).
 */
final class PrefixMap {
    static final int ABSENT = -1;
    /** Values are {@code 0..MAX_VALUE} (24 bits with the +1 offset). */
    static final int MAX_VALUE = (1 << 24) - 2;
    private static final long EMPTY = 0L;
    private static final int MIN_CAPACITY = 16;
    private static final int VALUE_BITS = 24;
    private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;

    private long[] slots;
    private int size;

    PrefixMap() {
        slots = new long[MIN_CAPACITY];
    }

    static long key(int address, int length) {
        return (Integer.toUnsignedLong(address) << 8) | length;
    }

    static int address(long key) {
        return (int) (key >>> 8);
    }

    static int length(long key) {
        return (int) (key & 0xff);
    }

    /** The identity part of a slot ({@code address << 6 | length}) for an external key. */
    private static long id(long key) {
        return ((key >>> 8) << 6) | (key & 0x3f);
    }

    private static long idOf(long slot) {
        return slot >>> VALUE_BITS;
    }

    private static int valueOf(long slot) {
        return (int) (slot & VALUE_MASK) - 1;
    }

    private static long slotOf(long id, int value) {
        return (id << VALUE_BITS) | (value + 1L);
    }

    int size() {
        return size;
    }

    long memoryBytes() {
        return slots.length * 8L;
    }

    int get(long key) {
        long id = id(key);
        long[] s = slots;
        int m = s.length - 1;
        for (int i = home(id, m); ; i = (i + 1) & m) {
            long e = s[i];
            if (e == EMPTY) return ABSENT;
            if (idOf(e) == id) return valueOf(e);
        }
    }

    /** Returns the previous value or {@link #ABSENT}. {@code value} must be {@code 0..MAX_VALUE}. */
    int put(long key, int value) {
        if (value < 0 || value > MAX_VALUE) throw new IllegalArgumentException("value out of range: " + value);
        if ((size + 1) * 3L > slots.length * 2L) resize(slots.length * 2);
        long id = id(key);
        long[] s = slots;
        int m = s.length - 1;
        for (int i = home(id, m); ; i = (i + 1) & m) {
            long e = s[i];
            if (e == EMPTY) {
                s[i] = slotOf(id, value);
                size++;
                return ABSENT;
            }
            if (idOf(e) == id) {
                s[i] = slotOf(id, value);
                return valueOf(e);
            }
        }
    }

    /** Returns the removed value or {@link #ABSENT}. */
    int remove(long key) {
        long id = id(key);
        long[] s = slots;
        int m = s.length - 1;
        int i = home(id, m);
        while (true) {
            long e = s[i];
            if (e == EMPTY) return ABSENT;
            if (idOf(e) == id) break;
            i = (i + 1) & m;
        }
        int old = valueOf(s[i]);
        // Backward-shift deletion: move later entries of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & m; s[j] != EMPTY; j = (j + 1) & m) {
            int home = home(idOf(s[j]), m);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = EMPTY;
        size--;
        if (s.length > MIN_CAPACITY && size * 8L < s.length) resize(s.length / 2);
        return old;
    }

    /** Every entry as {@code key, value} pairs, grouped by ascending prefix length (a counting sort). */
    long[] entriesByLength() {
        int[] count = new int[34];
        for (long e : slots) if (e != EMPTY) count[(int) (idOf(e) & 0x3f) + 1]++;
        for (int l = 1; l < 34; l++) count[l] += count[l - 1];
        long[] out = new long[2 * size];
        for (long e : slots) {
            if (e == EMPTY) continue;
            long id = idOf(e);
            int at = 2 * count[(int) (id & 0x3f)]++;
            out[at] = ((id >>> 6) << 8) | (id & 0x3f);
            out[at + 1] = valueOf(e);
        }
        return out;
    }

    /**
     * The home slot of a prefix. Prefixes up to /24 hash by their /16 and add the third octet
     * linearly; longer ones hash by their /24 and add the fourth. So prefixes arriving in address
     * order (table dumps, BGP bursts) walk forward through neighbouring slots (the hardware
     * prefetcher follows) instead of missing the cache each, while no block can pile more than a
     * few hundred prefixes onto one probe run.
     */
    private static int home(long id, int mask) {
        int length = (int) (id & 0x3f);
        int address = (int) (id >>> 6);
        long block;
        int within;
        if (length <= 24) {
            block = address >>> 16;
            within = (address >>> 8) & 0xff;
        } else {
            block = (1L << 24) | (address >>> 8);
            within = address & 0xff;
        }
        int h = (int) ((block * 0x9E3779B97F4A7C15L) >>> 32);
        return (h + within) & mask;
    }

    private void resize(int capacity) {
        long[] old = slots;
        long[] s = new long[Math.max(MIN_CAPACITY, capacity)];
        int m = s.length - 1;
        for (long e : old) {
            if (e == EMPTY) continue;
            int j = home(idOf(e), m);
            while (s[j] != EMPTY) j = (j + 1) & m;
            s[j] = e;
        }
        slots = s;
    }
}
