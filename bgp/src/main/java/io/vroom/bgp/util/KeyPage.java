package io.vroom.bgp.util;

import java.util.Arrays;

/**
 * One page of keys in order without sorting them all: the smallest {@code limit} keys greater than
 * a cursor, kept in a bounded max-heap while the keys are offered once (O(n log limit) time,
 * O(limit) memory). Listing a million-route table page by page stays bounded.
 */
public final class KeyPage {
    private final long afterKey;
    private final long[] heap;
    private int n;

    /** {@code afterKey} -1: from the first (keys are non-negative). */
    public KeyPage(long afterKey, int limit) {
        this.afterKey = afterKey;
        this.heap = new long[Math.max(0, limit)];
    }

    public void offer(long k) {
        if (k <= afterKey || heap.length == 0) return;
        if (n < heap.length) {
            heap[n] = k;
            up(n++);
        } else if (k < heap[0]) {
            heap[0] = k;
            down();
        }
    }

    /** The page, ascending. */
    public long[] sorted() {
        long[] out = Arrays.copyOf(heap, n);
        Arrays.sort(out);
        return out;
    }

    private void up(int i) {
        long[] h = heap;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] >= h[i]) return;
            long t = h[p];
            h[p] = h[i];
            h[i] = t;
            i = p;
        }
    }

    private void down() {
        long[] h = heap;
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
