package io.vroom.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixMapTest {
    /** Dense blocks (every /24 of a /16, every /25../32 of a /24) and random prefixes, against a HashMap. */
    @Test
    void matchesHashMapUnderInsertReplaceRemove() {
        for (int seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            PrefixMap map = new PrefixMap();
            Map<Long, Integer> ref = new HashMap<>();
            List<Long> keys = new ArrayList<>();
            int dense16 = r.nextInt() & 0xffff0000, dense24 = r.nextInt() & 0xffffff00;
            for (int i = 0; i < 256; i++) keys.add(PrefixMap.key(dense16 | (i << 8), 24));
            for (int len = 25; len <= 32; len++) {
                for (int i = 0; i < (1 << (len - 24)); i++) keys.add(PrefixMap.key(dense24 | (i << (32 - len)), len));
            }
            for (int i = 0; i < 20000; i++) {
                int len = r.nextInt(33);
                keys.add(PrefixMap.key(r.nextInt() & (len == 0 ? 0 : -1 << (32 - len)), len));
            }
            for (int op = 0; op < 60000; op++) {
                long k = keys.get(r.nextInt(keys.size()));
                if (r.nextInt(100) < 65) {
                    int v = r.nextInt(PrefixMap.MAX_VALUE + 1);
                    Integer old = ref.put(k, v);
                    assertEquals(old == null ? PrefixMap.ABSENT : old, map.put(k, v));
                } else {
                    Integer old = ref.remove(k);
                    assertEquals(old == null ? PrefixMap.ABSENT : old, map.remove(k));
                }
                if (op % 1000 == 0) {
                    for (long q : keys) assertEquals(ref.getOrDefault(q, PrefixMap.ABSENT), map.get(q));
                }
            }
            assertEquals(ref.size(), map.size());
            long[] byLength = map.entriesByLength();
            assertEquals(2 * ref.size(), byLength.length);
            for (int i = 0; i < byLength.length; i += 2) {
                assertEquals(ref.get(byLength[i]), (int) byLength[i + 1]);
                if (i > 0) assertEquals(true, PrefixMap.length(byLength[i - 2]) <= PrefixMap.length(byLength[i]));
            }
            for (long k : new ArrayList<>(ref.keySet())) assertEquals((int) ref.remove(k), map.remove(k));
            assertEquals(0, map.size());
            for (long q : keys) assertEquals(PrefixMap.ABSENT, map.get(q));
        }
    }

    @Test
    void rejectsValuesThatDoNotFit() {
        PrefixMap map = new PrefixMap();
        assertThrows(IllegalArgumentException.class, () -> map.put(PrefixMap.key(0, 0), -1));
        assertThrows(IllegalArgumentException.class, () -> map.put(PrefixMap.key(0, 0), PrefixMap.MAX_VALUE + 1));
        assertEquals(0, map.size());
    }
}
