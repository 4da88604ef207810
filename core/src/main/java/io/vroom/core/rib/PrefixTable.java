package io.vroom.core.rib;

import java.util.Arrays;

/**
 * An open-addressing hash table from a prefix ({@link #key}) to a {@code long} value: linear
 * probing, backward-shift deletion, load factor at most 3/4, 16 bytes per slot and no object per
 * entry. The RIB and shadowd keep a full BGP table (~1M prefixes) in it: an object per prefix in a
 * {@code HashMap} cost ~100 bytes and made every young collection scan the table's references.
 * Plain data (arrays). Not thread-safe.
 */
final class PrefixTable {
    private static final long FREE = 0L;
    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    PrefixTable() {
        alloc(16);
    }

    /** Never 0 (the free mark): the length is stored plus one. */
    static long key(int address, int length) {
        return (address & 0xffffffffL) << 6 | (length + 1);
    }

    static int address(long key) {
        return (int) (key >>> 6);
    }

    static int length(long key) {
        return (int) (key & 63) - 1;
    }

    int size() {
        return size;
    }

    private void alloc(int cap) {
        keys = new long[cap];
        values = new long[cap];
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding {@code key}, or -1. */
    int slot(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) return i;
            if (k == FREE) return -1;
            i = (i + 1) & mask;
        }
    }

    long valueAt(int slot) {
        return values[slot];
    }

    long keyAt(int slot) {
        return keys[slot];
    }

    /** Slots to iterate: {@code 0..capacity()-1}, skipping those where {@link #keyAt} is 0. */
    int capacity() {
        return keys.length;
    }

    /** Sets the value of {@code key} (inserting it if absent). */
    void put(long key, long value) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == FREE) break;
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > keys.length * 3L / 4) grow();
    }

    /** Removes {@code key}; returns whether it was there. */
    boolean remove(long key) {
        int hole = slot(key);
        if (hole < 0) return false;
        int j = hole;
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
        values[hole] = 0;
        size--;
        return true;
    }

    private void grow() {
        long[] ok = keys, ov = values;
        alloc(ok.length * 2);
        for (int s = 0; s < ok.length; s++) {
            long k = ok[s];
            if (k == FREE) continue;
            int i = hash(k) & mask;
            while (keys[i] != FREE) i = (i + 1) & mask;
            keys[i] = k;
            values[i] = ov[s];
        }
    }

    void clear() {
        Arrays.fill(keys, FREE);
        Arrays.fill(values, 0);
        size = 0;
    }
}
