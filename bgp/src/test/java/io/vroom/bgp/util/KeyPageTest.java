package io.vroom.bgp.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pages of a map's keys equal the matching slices of its fully sorted keys, for any cursor and page size. */
class KeyPageTest {
    @Test
    void pagesAreSlicesOfTheSortedKeys() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            LongIntMap m = new LongIntMap();
            int n = rnd.nextInt(0, 3000);
            for (int i = 0; i < n; i++) m.put(rnd.nextLong(0, 1L << 40), i, -1);
            long[] sorted = m.sortedKeys();
            int limit = rnd.nextInt(1, 500);
            long after = -1;
            int at = 0;
            while (true) {
                long[] page = KeyPage.after(m, after, limit);
                assertArrayEquals(Arrays.copyOfRange(sorted, at, Math.min(sorted.length, at + limit)), page);
                at += page.length;
                if (page.length < limit) break;
                after = page[page.length - 1];
            }
            assertArrayEquals(new long[0], KeyPage.after(m, Long.MAX_VALUE, limit));
        }
    }
}
