package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.AttrWords;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.attr.RawAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AttrTable} keeps sets as {@link AttrWords} records in chunks: every set, common or odd
 * (values a policy put out of range, empty lists, unknown attributes), must come back equal, and
 * ids, reference counts and the arena must stay consistent while sets come and go (chunks are
 * compacted and freed).
 */
class AttrTableTest {
    static PathAttributes random(Random r) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = r.nextInt(10) == 0 ? -1 : r.nextInt(3);
        if (r.nextInt(20) == 0) b.origin = 7 + r.nextInt(100); // out of range: only a policy bug would do it, still kept exactly
        if (r.nextInt(10) != 0) b.nextHop(r.nextBoolean() ? r.nextInt() : 0x0a000001 + r.nextInt(12)); // a few common ones: indexed, or not once 7 are
        if (r.nextInt(3) == 0) b.med = r.nextInt() & 0xffffffffL;
        if (r.nextInt(3) == 0) b.localPref = r.nextInt(1000);
        if (r.nextInt(30) == 0) b.med = 1L << 40; // WIDE
        if (r.nextInt(30) == 0) b.localPref = -5; // WIDE
        b.atomicAggregate = r.nextInt(5) == 0;
        if (r.nextInt(5) == 0) {
            b.aggregatorAs = r.nextInt() & 0xffffffffL;
            b.aggregatorAddress = r.nextInt();
        } else if (r.nextInt(40) == 0) {
            b.aggregatorAddress = 5; // no aggregator AS but an address: WIDE
        }
        if (r.nextInt(5) == 0) b.originatorId = r.nextInt() & 0xffffffffL;
        int kind = r.nextInt(12);
        if (r.nextInt(50) == 0) {
            long[] asns = new long[256 + r.nextInt(50)]; // one segment longer than a wire segment can be
            for (int i = 0; i < asns.length; i++) asns[i] = r.nextInt() & 0xffffffffL;
            b.asPath = AsPath.sequence(asns);
        } else if (kind == 0) {
            b.asPath = null;
        } else if (kind == 1) {
            b.asPath = AsPath.EMPTY;
        } else {
            List<Integer> w = new ArrayList<>();
            int segs = 1 + r.nextInt(kind == 2 ? 5 : 1);
            for (int s = 0; s < segs; s++) {
                int type = kind == 2 ? 1 + r.nextInt(4) : AsPath.AS_SEQUENCE;
                int n = 1 + r.nextInt(8);
                w.add(type);
                w.add(n);
                int shift = r.nextInt(33); // every packing width; 32: AS 0
                for (int i = 0; i < n; i++) w.add(shift == 32 ? 0 : r.nextInt() >>> shift);
            }
            b.asPath = AsPath.ofSegments(w.stream().mapToInt(Integer::intValue).toArray());
        }
        if (r.nextInt(4) == 0) b.communities = ints(r, r.nextInt(6));
        if (r.nextInt(8) == 0) {
            b.extCommunities = new long[r.nextInt(4)];
            for (int i = 0; i < b.extCommunities.length; i++) b.extCommunities[i] = r.nextLong();
        }
        if (r.nextInt(8) == 0) b.largeCommunities = ints(r, 3 * r.nextInt(3));
        if (r.nextInt(8) == 0) b.clusterList = ints(r, r.nextInt(4));
        if (r.nextInt(8) == 0) {
            b.unknown = new ArrayList<>();
            for (int i = r.nextInt(3); i >= 0; i--) {
                byte[] v = new byte[r.nextInt(11)];
                r.nextBytes(v);
                b.unknown.add(new RawAttribute(0xc0 | r.nextInt(2) << 4, 100 + r.nextInt(100), v));
            }
        }
        return b.build();
    }

    private static int[] ints(Random r, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt();
        return a;
    }

    @Test
    void everySetComesBackEqualFromItsWords() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            PathAttributes a = random(r);
            int n = AttrWords.length(a);
            int[] w = new int[n + 3];
            assertEquals(n, AttrWords.write(a, w, 3), "length() and write() agree");
            assertEquals(n, AttrWords.length(w, 3), "the words tell their own length");
            PathAttributes back = AttrWords.read(w, 3);
            assertEquals(a, back, a.toString());
            assertEquals(a.hashCode(), back.hashCode());
            assertEquals(a.nextHopOrAbsent(), AttrWords.nextHop(w, 3, null));
            assertArrayEquals(AttributeCodec.encode(a, true), AttributeCodec.encode(back, true));
            assertArrayEquals(AttributeCodec.encode(a, false), AttributeCodec.encode(back, false));
        }
    }

    @Test
    void equalSetsShareAnIdAndDifferentOnesDoNot() {
        Random r = new Random(11);
        AttrTable t = new AttrTable(100_000);
        Map<PathAttributes, Integer> ids = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            PathAttributes a = random(r);
            int id = t.intern(a);
            Integer was = ids.putIfAbsent(a, id);
            if (was != null) assertEquals(was, id, "an equal set is found again");
        }
        assertEquals(ids.size(), t.size());
        // Rebuilt from the words (past the cache of recent sets), every set is still equal.
        for (Map.Entry<PathAttributes, Integer> e : ids.entrySet()) assertEquals(e.getKey(), t.get(e.getValue()));
    }

    /** Random interning and releasing against a plain model: chunks fill, get compacted and freed. */
    @Test
    void churnKeepsIdsCountsAndTheArenaConsistent() {
        Random r = new Random(3);
        List<PathAttributes> pool = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) pool.add(random(r));
        AttrTable t = new AttrTable(1_000_000);
        Map<PathAttributes, Integer> idOf = new HashMap<>();
        Map<Integer, Integer> refs = new HashMap<>();
        Map<Integer, PathAttributes> byId = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        for (int step = 0; step < 400_000; step++) {
            boolean grow = step % 100_000 < 60_000; // phases of growth and of shrinking
            if (r.nextInt(100) < (grow ? 70 : 30) || byId.isEmpty()) {
                PathAttributes a = pool.get(r.nextInt(pool.size()));
                int id = t.intern(a);
                Integer known = idOf.get(a);
                if (known != null) {
                    assertEquals(known, id);
                    refs.merge(id, 1, Integer::sum);
                } else {
                    assertNull(byId.get(id), "a new set gets a free id");
                    idOf.put(a, id);
                    byId.put(id, a);
                    live.add(id);
                    refs.put(id, 1);
                }
            } else {
                int at = r.nextInt(live.size());
                int id = live.get(at);
                t.release(id);
                if (refs.merge(id, -1, Integer::sum) == 0) {
                    live.set(at, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                    refs.remove(id);
                    idOf.remove(byId.remove(id));
                    assertNull(t.get(id));
                }
            }
            if (step % 20_000 == 0) {
                assertEquals(byId.size(), t.size());
                for (Map.Entry<Integer, PathAttributes> e : byId.entrySet()) {
                    assertEquals(e.getValue(), t.get(e.getKey()));
                    assertEquals(refs.get(e.getKey()), t.refCount(e.getKey()));
                }
                long[] words = t.arenaWords();
                assertTrue(words[1] <= 2 * words[0] + (2L << 16), "sparse chunks are compacted: live " + words[0] + " held " + words[1]);
            }
        }
        for (Map.Entry<Integer, Integer> e : refs.entrySet()) for (int k = 0; k < e.getValue(); k++) t.release(e.getKey());
        assertEquals(0, t.size());
        assertEquals(0, t.arenaWords()[0]);
        assertEquals(0, t.nextHopCount());
    }

    @Test
    void aSetLargerThanAChunkGetsAChunkOfItsOwn() {
        int[] w = new int[2 * 40_000];
        for (int i = 0; i < w.length; i += 2) {
            w[i] = AsPath.AS_SEQUENCE;
            w[i + 1] = 1;
        }
        int[] segs = new int[3 * 30_000];
        for (int i = 0; i < segs.length; i += 3) {
            segs[i] = AsPath.AS_SET;
            segs[i + 1] = 1;
            segs[i + 2] = i;
        }
        PathAttributes big = new PathAttributes.Builder().build().toBuilder().nextHop(1).build();
        PathAttributes.Builder bb = big.toBuilder();
        bb.asPath = AsPath.ofSegments(segs);
        big = bb.build();
        AttrTable t = new AttrTable(10_000);
        int id = t.intern(big);
        for (int i = 1; i <= 1024; i++) t.intern(new PathAttributes.Builder().nextHop(i + 1).build()); // push it out of the cache
        assertEquals(big, t.get(id));
        assertEquals(id, t.intern(big));
        t.release(id);
        t.release(id);
        assertNull(t.get(id));
        assertEquals(1024, t.size());
    }
}
