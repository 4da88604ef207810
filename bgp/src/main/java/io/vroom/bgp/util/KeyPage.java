package io.vroom.bgp.util;

import java.util.Arrays;

/**
 * One page of a {@link LongIntMap}'s keys in order without sorting the whole map: the smallest
 * {@code limit} keys greater than a cursor, kept in a bounded max-heap while scanning once
 * (O(n log limit) time, O(limit) memory). Listing a million-route table page by page stays bounded.
 */
public final class KeyPage {
    private KeyPage() {}

    /** The smallest {@code limit} keys greater than {@code afterKey}, ascending ({@code afterKey} -1: from the first; keys are non-negative). */
    public static long[] after(LongIntMap m, long afterKey, int limit) {
        if (limit <= 0) return new long[0];
        long[] heap = new long[Math.min(limit, Math.max(1, m.size()))];
        int n = 0;
        for (int s = m.first(); s >= 0; s = m.next(s)) {
            long k = m.keyAt(s);
            if (k <= afterKey) continue;
            if (n < heap.length) {
                heap[n] = k;
                up(heap, n++);
            } else if (k < heap[0]) {
                heap[0] = k;
                down(heap, n);
            }
        }
        long[] out = Arrays.copyOf(heap, n);
        Arrays.sort(out);
        return out;
    }

    private static void up(long[] h, int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] >= h[i]) return;
            long t = h[p];
            h[p] = h[i];
            h[i] = t;
            i = p;
        }
    }

    private static void down(long[] h, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, big = i;
            if (l < n && h[l] > h[big]) big = l;
            if (r < n && h[r] > h[big]) big = r;
            if (big == i) return;
            long t = h[big];
            h[big] = h[i];
            h[i] = t;
            i = big;
        }
    }
}
