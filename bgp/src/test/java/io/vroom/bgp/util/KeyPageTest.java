package io.vroom.bgp.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pages of a set of keys equal the matching slices of its fully sorted keys, for any cursor and page size. */
class KeyPageTest {
    private static long[] page(long[] keys, long after, int limit) {
        KeyPage p = new KeyPage(after, limit);
        for (long k : keys) p.offer(k);
        return p.sorted();
    }

    @Test
    void pagesAreSlicesOfTheSortedKeys() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int n = rnd.nextInt(0, 3000);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = rnd.nextLong(0, 1L << 40);
            keys = Arrays.stream(keys).distinct().toArray();
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            int limit = rnd.nextInt(1, 500);
            long after = -1;
            int at = 0;
            while (true) {
                long[] page = page(keys, after, limit);
                assertArrayEquals(Arrays.copyOfRange(sorted, at, Math.min(sorted.length, at + limit)), page);
                at += page.length;
                if (page.length < limit) break;
                after = page[page.length - 1];
            }
            assertArrayEquals(new long[0], page(keys, Long.MAX_VALUE, limit));
        }
    }
}
