package io.vroom.bgp.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * LongIntMap shrinks as it empties: a peer's pending-changes map fills to a full table while the
 * peer is slow, then drains; it kept its 2M slots, and every later UPDATE packing walked them all.
 */
class LongIntMapShrinkTest {
    private static int capacity(LongIntMap m) throws Exception {
        java.lang.reflect.Field f = LongIntMap.class.getDeclaredField("keys");
        f.setAccessible(true);
        return ((long[]) f.get(m)).length;
    }

    @Test
    void randomKeysRemovedToEmptyMatchAReference() throws Exception {
        LongIntMap m = new LongIntMap();
        TreeMap<Long, Integer> ref = new TreeMap<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long k = rnd.nextInt(1 << 30);
            m.put(k, i, -1);
            ref.put(k, i);
        }
        long[] keys = m.sortedKeys();
        for (int i = 0; i < keys.length; i++) {
            assertEquals((int) ref.remove(keys[i]), m.remove(keys[i], -1));
            if (i % 5000 == 0) for (long k : ref.keySet().stream().limit(50).toList()) assertEquals(ref.get(k), m.get(k, -1));
        }
        assertEquals(0, m.size());
        assertEquals(-1, m.first(), "an empty map has no slot to visit");
        assertTrue(capacity(m) <= 1024, "capacity after emptying: " + capacity(m));
        m.put(5, 1, -1);
        assertEquals(1, m.get(5, -1));
    }

    @Test
    void capacityFollowsSizeAndClearShrinks() throws Exception {
        LongIntMap m = new LongIntMap();
        for (int i = 0; i < 100_000; i++) m.put(i, i, -1);
        assertTrue(capacity(m) >= 131_072);
        for (int i = 0; i < 99_990; i++) assertEquals(i, m.remove(i, -1));
        assertTrue(capacity(m) <= 1024, "shrunk to " + capacity(m));
        for (int i = 99_990; i < 100_000; i++) assertEquals(i, m.get(i, -1));
        for (int i = 0; i < 100_000; i++) m.put(i, i, -1);
        m.clear();
        assertTrue(capacity(m) <= 1024);
        m.put(7, 7, -1);
        assertEquals(7, m.get(7, -1));
        assertEquals(1, m.size());
    }
}
