package io.vroom.tests.bench;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic, Internet-like IPv4 table for benchmarks: the same prefix-length mix as
 * {@code bench/genmrt.py} (/24 about 60%), special-purpose space excluded, from a seeded random.
 * Prefixes are {@code address << 8 | length} longs, sorted.
 */
public final class InternetTable {
    private InternetTable() {}

    private static final int[] LENGTHS = {24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8};
    private static final double[] WEIGHTS = {.60, .09, .11, .045, .045, .03, .012, .008, .03, .003, .003, .002, .002, .001, .001, .001, .001};

    public static long[] prefixes(int count, long seed) {
        Random r = new Random(seed);
        double total = 0;
        for (double w : WEIGHTS) total += w;
        Set<Long> seen = new HashSet<>(count * 2);
        long[] out = new long[count];
        int n = 0;
        while (n < count) {
            double x = r.nextDouble() * total;
            int len = LENGTHS[LENGTHS.length - 1];
            for (int i = 0; i < LENGTHS.length; i++) {
                x -= WEIGHTS[i];
                if (x < 0) {
                    len = LENGTHS[i];
                    break;
                }
            }
            long a = (1L << 24) + (long) (r.nextDouble() * ((224L << 24) - (1L << 24)));
            int addr = (int) a & (-1 << (32 - len));
            if (special(addr)) continue;
            long key = (Integer.toUnsignedLong(addr) << 8) | len;
            if (seen.add(key)) out[n++] = key;
        }
        Arrays.sort(out);
        return out;
    }

    public static int address(long prefix) {
        return (int) (prefix >>> 8);
    }

    public static int length(long prefix) {
        return (int) (prefix & 0xff);
    }

    private static boolean special(int addr) {
        int a8 = addr >>> 24, a16 = addr >>> 16;
        return a8 == 0 || a8 == 10 || a8 == 127 || (addr >>> 20) == 0xAC1 || a16 == 0xC0A8 || a16 == 0xA9FE
                || (addr >>> 22) == ((100 << 2) | 1);
    }

    /** Uniformly random unicast destinations in 1.0.0.0–223.255.255.255. */
    public static int[] destinations(int count, long seed) {
        Random r = new Random(seed);
        int[] d = new int[count];
        for (int i = 0; i < count; i++) d[i] = (int) ((1L << 24) + (long) (r.nextDouble() * ((224L << 24) - (1L << 24))));
        return d;
    }
}
