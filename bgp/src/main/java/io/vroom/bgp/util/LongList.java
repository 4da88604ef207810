package io.vroom.bgp.util;

import java.util.Arrays;

/** A growable list of longs. */
public final class LongList {
    private long[] a;
    private int n;

    public LongList() { this(8); }

    public LongList(int capacity) { a = new long[Math.max(1, capacity)]; }

    public void add(long v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    public long get(int i) { return a[i]; }

    public int size() { return n; }

    public void clear() { n = 0; }

    public long[] toArray() { return Arrays.copyOf(a, n); }
}
