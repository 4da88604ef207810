package io.vroom.bgp.util;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.wire.Nlri;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The prefix index against a TreeMap model under random inserts and removals; it shrinks as it empties. */
class PrefixIndexTest {
    private static long randomKey(SplittableRandom rnd) {
        int len = rnd.nextInt(0, 33);
        return Nlri.key(rnd.nextInt(), len);
    }

    @Test
    void behavesAsAMapAndShrinks() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        PrefixIndex ix = new PrefixIndex();
        TreeMap<Long, Integer> model = new TreeMap<>();
        int nextRow = 0;
        for (int op = 0; op < 300_000; op++) {
            boolean adding = op < 150_000;
            long k = randomKey(rnd);
            if (!adding && !model.isEmpty()) {
                Long c = model.ceilingKey(k);
                k = c != null ? c : model.firstKey();
            }
            Integer want = model.get(k);
            int f = ix.find(k);
            assertEquals(want == null ? -1 : want, f < 0 ? -1 : f);
            assertEquals(want == null ? -1 : want, ix.get(k));
            if (want == null && adding) {
                int row = nextRow++;
                ix.insertAt(f, k, row);
                model.put(k, row);
            } else if (want != null && !adding) {
                ix.remove(k);
                model.remove(k);
            }
            assertEquals(model.size(), ix.size());
        }
        for (var e : model.entrySet()) assertEquals((int) e.getValue(), ix.get(e.getKey()));
        for (long k : model.keySet()) ix.remove(k);
        assertEquals(0, ix.size());
        java.lang.reflect.Field f = PrefixIndex.class.getDeclaredField("slots");
        f.setAccessible(true);
        assertTrue(((long[]) f.get(ix)).length <= 2048, "an emptied index gives its table back");
        assertEquals(-1, ix.get(Nlri.key(0, 0)));
    }

    @Test
    void validKeysOnly() {
        assertTrue(PrefixIndex.valid(Nlri.key(-1, 32)));
        assertTrue(PrefixIndex.valid(Nlri.key(0, 0)));
        assertFalse(PrefixIndex.valid(-1));
        assertFalse(PrefixIndex.valid(1L << 40));
        assertFalse(PrefixIndex.valid(33));
    }
}
