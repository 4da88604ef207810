package io.vroom.bgp.util;

import java.util.Arrays;

/** A growable list of ints. */
public final class IntList {
    private int[] a;
    private int n;

    public IntList() { this(8); }

    public IntList(int capacity) { a = new int[Math.max(1, capacity)]; }

    public void add(int v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    public int get(int i) { return a[i]; }

    public void set(int i, int v) { a[i] = v; }

    public int size() { return n; }

    public void clear() { n = 0; }

    public int removeLast() { return a[--n]; }

    public int[] toArray() { return Arrays.copyOf(a, n); }
}
