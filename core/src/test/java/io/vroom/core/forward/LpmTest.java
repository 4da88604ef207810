package io.vroom.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LpmTest {
    /** The obvious answer: try every length from 32 down. */
    static final class Reference {
        final Map<Long, Integer> map = new HashMap<>();

        void put(int a, int l, int v) { map.put(PrefixMap.key(a & Ip4.mask(l), l), v); }
        void remove(int a, int l) { map.remove(PrefixMap.key(a & Ip4.mask(l), l)); }

        int lookup(int addr) {
            for (int l = 32; l >= 0; l--) {
                Integer v = map.get(PrefixMap.key(addr & Ip4.mask(l), l));
                if (v != null) return v;
            }
            return Lpm.NO_ROUTE;
        }
    }

    private static int randomLength(Random r) {
        int x = r.nextInt(100);
        if (x < 5) return r.nextInt(8);
        if (x < 60) return 24;
        if (x < 85) return 16 + r.nextInt(8);
        if (x < 95) return 25 + r.nextInt(8);
        return 8 + r.nextInt(8);
    }

    private static void check(Lpm lpm, Reference ref, Random r, List<long[]> installed) {
        for (int i = 0; i < 3000; i++) {
            int addr;
            if (!installed.isEmpty() && r.nextBoolean()) {
                long[] p = installed.get(r.nextInt(installed.size()));
                int len = (int) p[1];
                addr = (int) p[0] | (len == 32 ? 0 : r.nextInt() >>> len);
            } else {
                addr = r.nextInt();
            }
            assertEquals(ref.lookup(addr), lpm.lookup(addr), () -> "lookup " + Ip4.format(addr));
        }
    }

    @Test
    void matchesReferenceOnRandomInsertRemoveMixes() {
        for (int seed = 1; seed <= 6; seed++) {
            Random r = new Random(seed);
            Lpm lpm = new Lpm();
            Reference ref = new Reference();
            List<long[]> installed = new ArrayList<>();
            // Cluster addresses so prefixes nest and cover each other.
            int[] clusters = new int[16];
            for (int i = 0; i < clusters.length; i++) clusters[i] = r.nextInt();
            int ops = seed <= 3 ? 3000 : 20000; // the larger runs cross the 2^16-root switch and rebuilds
            int insertPercent = seed == 6 ? 55 : seed >= 4 ? 75 : 60;
            for (int op = 0; op < ops; op++) {
                if (installed.isEmpty() || r.nextInt(100) < insertPercent) {
                    int len = randomLength(r);
                    int addr = (clusters[r.nextInt(clusters.length)] ^ (r.nextInt() >>> (8 + r.nextInt(24)))) & Ip4.mask(len);
                    int v = r.nextInt(1000);
                    assertEquals(ref.map.getOrDefault(PrefixMap.key(addr, len), Lpm.NO_ROUTE), lpm.put(addr, len, v));
                    ref.put(addr, len, v);
                    installed.add(new long[] {addr, len});
                } else {
                    long[] p = installed.remove(r.nextInt(installed.size()));
                    Integer expected = ref.map.get(PrefixMap.key((int) p[0], (int) p[1]));
                    assertEquals(expected == null ? Lpm.NO_ROUTE : expected, lpm.remove((int) p[0], (int) p[1]));
                    ref.remove((int) p[0], (int) p[1]);
                }
                if (op % 500 == 0) check(lpm, ref, r, installed);
            }
            check(lpm, ref, r, installed);
            assertEquals(ref.map.size(), lpm.size());
            // Remove everything: nothing may be left behind.
            for (long[] p : installed) lpm.remove((int) p[0], (int) p[1]);
            for (int i = 0; i < 2000; i++) assertEquals(Lpm.NO_ROUTE, lpm.lookup(r.nextInt()));
        }
    }

    @Test
    void removalRestoresTheCoveringPrefixAndDefaultRoute() {
        Lpm lpm = new Lpm();
        lpm.put(0, 0, 1);
        lpm.put(Ip4.parse("10.0.0.0"), 8, 2);
        lpm.put(Ip4.parse("10.1.0.0"), 16, 3);
        lpm.put(Ip4.parse("10.1.2.0"), 24, 4);
        lpm.put(Ip4.parse("10.1.2.3"), 32, 5);
        assertEquals(5, lpm.lookup(Ip4.parse("10.1.2.3")));
        assertEquals(4, lpm.lookup(Ip4.parse("10.1.2.4")));
        assertEquals(3, lpm.remove(Ip4.parse("10.1.0.0"), 16));
        assertEquals(2, lpm.lookup(Ip4.parse("10.1.3.1")));
        assertEquals(4, lpm.lookup(Ip4.parse("10.1.2.4")));
        assertEquals(5, lpm.remove(Ip4.parse("10.1.2.3"), 32));
        assertEquals(4, lpm.lookup(Ip4.parse("10.1.2.3")));
        assertEquals(2, lpm.remove(Ip4.parse("10.0.0.0"), 8));
        assertEquals(1, lpm.lookup(Ip4.parse("10.9.9.9")));
        assertEquals(1, lpm.remove(0, 0));
        assertEquals(Lpm.NO_ROUTE, lpm.lookup(Ip4.parse("10.9.9.9")));
        assertEquals(4, lpm.lookup(Ip4.parse("10.1.2.200")));
        assertEquals(Lpm.NO_ROUTE, lpm.remove(0, 0));
    }

    @Test
    void aTableOfManyPagesIsCorrectAndWastesLessThanOnePage() {
        Random r = new Random(11);
        Lpm lpm = new Lpm();
        Reference ref = new Reference();
        List<long[]> installed = new ArrayList<>();
        for (int i = 0; i < 8000; i++) { // distinct /16s mostly: about one 256-slot node each, ~30 pages
            int a = r.nextInt() & Ip4.mask(24);
            lpm.put(a, 24, i % 1000);
            ref.put(a, 24, i % 1000);
            installed.add(new long[] {a, 24});
        }
        check(lpm, ref, r, installed);
        for (long[] p : installed) assertEquals(ref.map.get(PrefixMap.key((int) p[0], 24)), lpm.lookup((int) p[0] | 0x7f));
        long nodes = 0;
        java.util.Set<Integer> sixteens = new java.util.HashSet<>();
        for (long[] p : installed) sixteens.add((int) (p[0] >>> 16));
        nodes = sixteens.size();
        long usedBytes = (Lpm.PAGE + nodes * 256) * 4L;
        assertTrue(lpm.indexBytes() >= usedBytes && lpm.indexBytes() < usedBytes + Lpm.PAGE * 4L,
                "index " + lpm.indexBytes() + " bytes for " + usedBytes + " used");
    }

    @Test
    void smallTableIsSmall() {
        Lpm lpm = new Lpm();
        for (int i = 0; i < 10; i++) lpm.put(Ip4.parse("10.0." + i + ".0"), 24, i);
        lpm.put(Ip4.parse("10.0.0.1"), 32, 99);
        lpm.put(0, 0, 7);
        assertTrue(lpm.memoryBytes() < 64 * 1024, "bytes " + lpm.memoryBytes());
    }

    @Test
    void rejectsBadArguments() {
        Lpm lpm = new Lpm();
        for (Runnable bad : List.<Runnable>of(() -> lpm.put(0, 33, 1), () -> lpm.put(0, -1, 1),
                () -> lpm.put(0, 8, -1), () -> lpm.put(0, 8, Lpm.MAX_VALUE + 1))) {
            try {
                bad.run();
                throw new AssertionError("accepted");
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
        assertEquals(0, lpm.size());
    }

    /** A reader racing the writer sees the old or the new value of its route, never anything else. */
    @Test
    void concurrentReaderNeverSeesGarbage() throws Exception {
        Lpm lpm = new Lpm();
        int covering = Ip4.parse("20.0.0.0");
        int probe = Ip4.parse("20.1.2.3");
        lpm.put(covering, 8, 1);
        lpm.put(Ip4.parse("20.1.2.0"), 24, 2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long n = 0;
            while (!stop.get()) {
                int v = lpm.lookup(probe);
                if (v != 2 && v != 3) {
                    failure.compareAndSet(null, "saw " + v + " after " + n + " lookups");
                    return;
                }
                n++;
            }
        });
        reader.start();
        Random r = new Random(7);
        List<int[]> others = new ArrayList<>();
        for (int i = 0; i < 60000 && failure.get() == null; i++) {
            lpm.put(Ip4.parse("20.1.2.0"), 24, (i & 1) == 0 ? 3 : 2);
            // Unrelated churn grows the array, switches root size and triggers rebuilds.
            int a = (r.nextInt() & 0x00ffffff) | (30 << 24);
            int len = 16 + r.nextInt(17);
            lpm.put(a, len, 5);
            others.add(new int[] {a, len});
            if (others.size() > 6000) {
                int[] p = others.remove(r.nextInt(others.size()));
                lpm.remove(p[0], p[1]);
            }
        }
        stop.set(true);
        reader.join();
        assertEquals(null, failure.get());
    }
}
