package io.vroom.core.net;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ip4Prefix is the key of the RIB's and shadowd's hash tables for a full BGP table. The record's
 * default hash (31 * address + length) put 1M Internet-like prefixes into 316k of 2M HashMap
 * buckets, up to 25 in one, and the map turned its bins into trees (twice the memory, slow).
 */
class Ip4PrefixHashTest {
    /** The bucket HashMap uses for a key in a table of 2^bits slots. */
    private static int bucket(Object key, int bits) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & ((1 << bits) - 1);
    }

    @Test
    void internetLikePrefixesSpreadOverHashMapBuckets() {
        Random rnd = new Random(1);
        int[] lengths = {24, 24, 24, 24, 24, 24, 23, 22, 22, 21, 20, 19, 16, 18, 17, 15, 12, 8};
        Set<Ip4Prefix> prefixes = new HashSet<>();
        while (prefixes.size() < 600_000) {
            int len = lengths[rnd.nextInt(lengths.length)];
            prefixes.add(new Ip4Prefix((int) ((1L << 24) + Math.floorMod(rnd.nextLong(), 223L << 24)), len));
        }
        int bits = 20; // HashMap's table for 600k keys
        int[] perBucket = new int[1 << bits];
        int max = 0, used = 0;
        for (Ip4Prefix p : prefixes) {
            int b = bucket(p, bits);
            if (perBucket[b]++ == 0) used++;
            max = Math.max(max, perBucket[b]);
        }
        // 600k keys into 1M buckets at random: ~460k buckets used, a fullest bucket of ~8.
        assertTrue(used > 420_000, "buckets used: " + used);
        assertTrue(max < 12, "a bucket of " + max + " (HashMap makes a tree of 8)");
    }

    @Test
    void equalPrefixesHashEqual() {
        assertEquals(new Ip4Prefix(Ip4.parse("10.1.2.3"), 16).hashCode(), Ip4Prefix.parse("10.1.0.0/16").hashCode());
        assertNotEquals(Ip4Prefix.parse("10.1.0.0/16").hashCode(), Ip4Prefix.parse("10.1.0.0/17").hashCode());
    }
}
