package io.vroom.core.forward;

import java.util.Arrays;

/**
 * Writer-side table of the prefixes an {@link Lpm} holds: an open-addressing map from a prefix key
 * ({@code address << 8 | length}) to its value, with linear probing and backward-shift deletion
 * so that nothing is boxed and memory stays about 16 bytes per prefix. Not thread-safe.
 */
final class PrefixMap {
    static final int ABSENT = -1;
    private static final long EMPTY = -1L;
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private int[] values;
    private int size;

    PrefixMap() {
        allocate(MIN_CAPACITY);
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

    int size() {
        return size;
    }

    long memoryBytes() {
        return keys.length * 12L;
    }

    int get(long key) {
        int m = keys.length - 1;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return ABSENT;
        }
    }

    /** Returns the previous value or {@link #ABSENT}. */
    int put(long key, int value) {
        if ((size + 1) * 3L > keys.length * 2L) resize(keys.length * 2);
        int m = keys.length - 1;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return ABSENT;
            }
        }
    }

    /** Returns the removed value or {@link #ABSENT}. */
    int remove(long key) {
        int m = keys.length - 1;
        int i = slot(key, m);
        while (true) {
            long k = keys[i];
            if (k == EMPTY) return ABSENT;
            if (k == key) break;
            i = (i + 1) & m;
        }
        int old = values[i];
        // Backward-shift deletion: move later entries of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & m; keys[j] != EMPTY; j = (j + 1) & m) {
            int home = slot(keys[j], m);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
        if (keys.length > MIN_CAPACITY && size * 8L < keys.length) resize(keys.length / 2);
        return old;
    }

    /** Every key, grouped by ascending prefix length (a counting sort). */
    long[] keysByLength() {
        int[] count = new int[34];
        for (long k : keys) if (k != EMPTY) count[length(k) + 1]++;
        for (int l = 1; l < 34; l++) count[l] += count[l - 1];
        long[] out = new long[size];
        for (long k : keys) if (k != EMPTY) out[count[length(k)]++] = k;
        return out;
    }

    /**
     * Hashes the /16 a prefix falls in and adds the next 8 bits (and length) linearly, so that
     * prefixes arriving in address order (table dumps, BGP bursts) touch neighbouring slots
     * instead of a cache miss each.
     */
    private static int slot(long key, int mask) {
        int block = (int) (((key >>> 24) * 0x9E3779B97F4A7C15L) >>> 32);
        int within = (int) ((key >>> 16) & 0xff) * 4 + (int) (key & 3);
        return (block + within) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(Math.max(MIN_CAPACITY, capacity));
        int m = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k == EMPTY) continue;
            int j = slot(k, m);
            while (keys[j] != EMPTY) j = (j + 1) & m;
            keys[j] = k;
            values[j] = oldValues[i];
        }
    }
}
