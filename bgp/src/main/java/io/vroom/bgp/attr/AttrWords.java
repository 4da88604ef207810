package io.vroom.bgp.attr;

/**
 * A {@link PathAttributes} as a run of {@code int} words, the form the RIB's attribute table keeps
 * (one set costs about 10 words for a typical eBGP path instead of ~180 bytes of objects). Two sets
 * are equal exactly when their words are equal, so the table hashes and compares words.
 *
 * <pre>
 * word 0: presence bits: [0..1] origin + 1, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR,
 *         ORIGINATOR_ID, AS_PATH, COMMUNITIES, EXT_COMMUNITIES, LARGE_COMMUNITY, CLUSTER_LIST, unknown, WIDE,
 *         SEQUENCE; with SEQUENCE, [16..23] the AS count and [24..28] the bits per AS - 1;
 *         [29..31] a next-hop index (1-7) given by the table: the NEXT_HOP word is then left out
 * compact (the usual case): one word per present scalar, in that order (next hop, med, local
 *         preference, aggregator AS and address, originator id)
 * WIDE (a value outside the attribute's 32-bit range, set by a policy): every scalar, 64-bit ones as two words
 * then for each present list: its length n, then its words (AS path: its segment words
 *         type,count,as...; with SEQUENCE, the usual one AS_SEQUENCE path, only its ASes, packed
 *         most significant bit first at the width of the largest (19 bits for today's ASNs, not 32); ext communities: two words each; unknown: count, then per attribute
 *         flags<<8|type, byte length, the bytes four per word big-endian)
 * </pre>
 */
public final class AttrWords {
    private AttrWords() {}

    private static final int NH = 1 << 2, MED = 1 << 3, LP = 1 << 4, ATOMIC = 1 << 5, AGG = 1 << 6, ORIG_ID = 1 << 7,
            PATH = 1 << 8, COMM = 1 << 9, EXT = 1 << 10, LARGE = 1 << 11, CLUSTER = 1 << 12, UNKNOWN = 1 << 13, WIDE = 1 << 14,
            SEQUENCE = 1 << 15, SEQ_SHIFT = 16, WIDTH_SHIFT = 24, NH_INDEX_SHIFT = 29;

    /** How many next hops a table may name by index instead of by a word (indexes 1 to 7). */
    public static final int NEXT_HOP_INDEXES = 7;

    /** Does the set at {@code w[off]} carry its NEXT_HOP as a plain word (that an index could replace)? */
    public static boolean hasNextHopWord(int[] w, int off) {
        int bits = w[off];
        return (bits & NH) != 0 && (bits & WIDE) == 0 && bits >>> NH_INDEX_SHIFT == 0;
    }

    /**
     * Replaces the NEXT_HOP word of the set at {@code w[off..off+len)} (see {@link #hasNextHopWord})
     * by {@code index} (1-7) in place; returns the new length. A table that does so must do it for
     * every set with that next hop while it names it, so that equal sets keep equal words.
     */
    public static int indexNextHop(int[] w, int off, int len, int index) {
        System.arraycopy(w, off + 2, w, off + 1, len - 2);
        w[off] |= index << NH_INDEX_SHIFT;
        return len - 1;
    }

    /** Bits per AS to hold every AS of a one-segment path (1 to 32). */
    private static int width(int[] d, int count) {
        int any = 0;
        for (int i = 0; i < count; i++) any |= d[2 + i];
        return any == 0 ? 1 : 32 - Integer.numberOfLeadingZeros(any);
    }

    private static int packedWords(int count, int width) {
        return (count * width + 31) / 32;
    }

    /** A path that is one AS_SEQUENCE segment (the usual case): its AS count, else -1. */
    private static int singleSequence(AsPath path) {
        int[] d = path.segments();
        return d.length >= 3 && d[0] == AsPath.AS_SEQUENCE && d[1] == d.length - 2 && d[1] <= 0xff ? d[1] : -1;
    }

    private static boolean u32OrAbsent(long v) {
        return v >= -1 && v <= 0xffffffffL;
    }

    private static boolean compact(PathAttributes a) {
        return a.origin() >= -1 && a.origin() <= 2 && u32OrAbsent(a.nextHopOrAbsent()) && u32OrAbsent(a.med()) && u32OrAbsent(a.localPref())
                && u32OrAbsent(a.aggregatorAs()) && u32OrAbsent(a.originatorId()) && (a.aggregatorAs() >= 0 || a.aggregatorAddress() == 0);
    }

    /** How many words {@link #write} produces for {@code a}. */
    public static int length(PathAttributes a) {
        int n = 1;
        if (compact(a)) {
            if (a.nextHopOrAbsent() >= 0) n++;
            if (a.med() >= 0) n++;
            if (a.localPref() >= 0) n++;
            if (a.aggregatorAs() >= 0) n += 2;
            if (a.originatorId() >= 0) n++;
        } else {
            n += 1 + 2 * 5 + 1;
        }
        if (a.asPath() != null) {
            int seq = singleSequence(a.asPath());
            n += seq > 0 ? packedWords(seq, width(a.asPath().segments(), seq)) : 1 + a.asPath().segments().length;
        }
        if (a.communities() != null) n += 1 + a.communities().length;
        if (a.extCommunities() != null) n += 1 + 2 * a.extCommunities().length;
        if (a.largeCommunities() != null) n += 1 + a.largeCommunities().length;
        if (a.clusterList() != null) n += 1 + a.clusterList().length;
        RawAttribute[] u = a.unknown();
        if (u != null) {
            n++;
            for (RawAttribute r : u) n += 2 + (r.length() + 3) / 4;
        }
        return n;
    }

    /** Writes {@code a} at {@code w[off..off + length(a))}; returns the words written. */
    public static int write(PathAttributes a, int[] w, int off) {
        int p = off + 1;
        int bits;
        if (compact(a)) {
            bits = a.origin() + 1;
            if (a.nextHopOrAbsent() >= 0) { bits |= NH; w[p++] = (int) a.nextHopOrAbsent(); }
            if (a.med() >= 0) { bits |= MED; w[p++] = (int) a.med(); }
            if (a.localPref() >= 0) { bits |= LP; w[p++] = (int) a.localPref(); }
            if (a.aggregatorAs() >= 0) { bits |= AGG; w[p++] = (int) a.aggregatorAs(); w[p++] = a.aggregatorAddress(); }
            if (a.originatorId() >= 0) { bits |= ORIG_ID; w[p++] = (int) a.originatorId(); }
        } else {
            bits = WIDE;
            w[p++] = a.origin();
            p = putLong(w, p, a.nextHopOrAbsent());
            p = putLong(w, p, a.med());
            p = putLong(w, p, a.localPref());
            p = putLong(w, p, a.aggregatorAs());
            w[p++] = a.aggregatorAddress();
            p = putLong(w, p, a.originatorId());
        }
        if (a.atomicAggregate()) bits |= ATOMIC;
        if (a.asPath() != null) {
            bits |= PATH;
            int seq = singleSequence(a.asPath());
            if (seq > 0) {
                int[] d = a.asPath().segments();
                int width = width(d, seq);
                bits |= SEQUENCE | seq << SEQ_SHIFT | (width - 1) << WIDTH_SHIFT;
                long acc = 0;
                int held = 0;
                for (int i = 0; i < seq; i++) {
                    acc = acc << width | (d[2 + i] & 0xffffffffL);
                    held += width;
                    if (held >= 32) {
                        held -= 32;
                        w[p++] = (int) (acc >>> held);
                        acc &= (1L << held) - 1;
                    }
                }
                if (held > 0) w[p++] = (int) (acc << (32 - held));
            } else {
                p = putInts(w, p, a.asPath().segments());
            }
        }
        if (a.communities() != null) { bits |= COMM; p = putInts(w, p, a.communities()); }
        long[] ext = a.extCommunities();
        if (ext != null) {
            bits |= EXT;
            w[p++] = ext.length;
            for (long e : ext) p = putLong(w, p, e);
        }
        if (a.largeCommunities() != null) { bits |= LARGE; p = putInts(w, p, a.largeCommunities()); }
        if (a.clusterList() != null) { bits |= CLUSTER; p = putInts(w, p, a.clusterList()); }
        RawAttribute[] u = a.unknown();
        if (u != null) {
            bits |= UNKNOWN;
            w[p++] = u.length;
            for (RawAttribute r : u) {
                byte[] v = r.raw();
                w[p++] = r.flags() << 8 | r.type();
                w[p++] = v.length;
                for (int i = 0; i < v.length; i += 4) {
                    int x = 0;
                    for (int k = 0; k < 4; k++) x = x << 8 | (i + k < v.length ? v[i + k] & 0xff : 0);
                    w[p++] = x;
                }
            }
        }
        w[off] = bits;
        return p - off;
    }

    /** The length of the set written at {@code w[off]}, from its words (as {@link #write} wrote them). */
    public static int length(int[] w, int off) {
        int bits = w[off];
        int p = off + 1;
        if ((bits & WIDE) != 0) p += 12;
        else p += Integer.bitCount(bits & (NH | MED | LP | ORIG_ID)) + ((bits & AGG) != 0 ? 2 : 0) - (bits >>> NH_INDEX_SHIFT != 0 ? 1 : 0);
        if ((bits & SEQUENCE) != 0) p += packedWords(bits >>> SEQ_SHIFT & 0xff, (bits >>> WIDTH_SHIFT & 31) + 1);
        else if ((bits & PATH) != 0) p += 1 + w[p];
        if ((bits & COMM) != 0) p += 1 + w[p];
        if ((bits & EXT) != 0) p += 1 + 2 * w[p];
        if ((bits & LARGE) != 0) p += 1 + w[p];
        if ((bits & CLUSTER) != 0) p += 1 + w[p];
        if ((bits & UNKNOWN) != 0) {
            int n = w[p++];
            for (int i = 0; i < n; i++) p += 2 + (w[p + 1] + 3) / 4;
        }
        return p - off;
    }

    /** A hash of {@code w[off..off+len)} (the table's key). */
    public static int hash(int[] w, int off, int len) {
        int h = len;
        for (int i = off, end = off + len; i < end; i++) {
            h = Integer.rotateLeft(h ^ w[i] * 0x9E3779B1, 13) * 5 + 0xE6546B64;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ h >>> 13;
    }

    /** The NEXT_HOP of the set at {@code w[off]} as an unsigned address, -1 if absent; {@code nextHops}: the table's next hop per index. */
    public static long nextHop(int[] w, int off, int[] nextHops) {
        int bits = w[off];
        if ((bits & WIDE) != 0) return getLong(w, off + 2);
        if ((bits & NH) == 0) return -1;
        int index = bits >>> NH_INDEX_SHIFT;
        return (index != 0 ? nextHops[index] : w[off + 1]) & 0xffffffffL;
    }

    /** The set written at {@code w[off]} without next-hop indexes. */
    public static PathAttributes read(int[] w, int off) {
        return read(w, off, null);
    }

    /** The set written at {@code w[off]} (the words are trusted); {@code nextHops}: the table's next hop per index. */
    public static PathAttributes read(int[] w, int off, int[] nextHops) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        int bits = w[off];
        int p = off + 1;
        if ((bits & WIDE) != 0) {
            b.origin = w[p++];
            b.nextHop = getLong(w, p);
            b.med = getLong(w, p + 2);
            b.localPref = getLong(w, p + 4);
            b.aggregatorAs = getLong(w, p + 6);
            b.aggregatorAddress = w[p + 8];
            b.originatorId = getLong(w, p + 9);
            p += 11;
        } else {
            b.origin = (bits & 3) - 1;
            if ((bits & NH) != 0) b.nextHop = (bits >>> NH_INDEX_SHIFT != 0 ? nextHops[bits >>> NH_INDEX_SHIFT] : w[p++]) & 0xffffffffL;
            if ((bits & MED) != 0) b.med = w[p++] & 0xffffffffL;
            if ((bits & LP) != 0) b.localPref = w[p++] & 0xffffffffL;
            if ((bits & AGG) != 0) { b.aggregatorAs = w[p++] & 0xffffffffL; b.aggregatorAddress = w[p++]; }
            if ((bits & ORIG_ID) != 0) b.originatorId = w[p++] & 0xffffffffL;
        }
        b.atomicAggregate = (bits & ATOMIC) != 0;
        if ((bits & SEQUENCE) != 0) {
            int n = bits >>> SEQ_SHIFT & 0xff, width = (bits >>> WIDTH_SHIFT & 31) + 1;
            int[] d = new int[2 + n];
            d[0] = AsPath.AS_SEQUENCE;
            d[1] = n;
            long acc = 0, mask = (1L << width) - 1;
            int held = 0;
            for (int i = 0; i < n; i++) {
                if (held < width) {
                    acc = acc << 32 | (w[p++] & 0xffffffffL);
                    held += 32;
                }
                held -= width;
                d[2 + i] = (int) (acc >>> held & mask);
                acc &= (1L << held) - 1;
            }
            b.asPath = AsPath.trusted(d);
        } else if ((bits & PATH) != 0) {
            int n = w[p++];
            b.asPath = n == 0 ? AsPath.EMPTY : AsPath.trusted(java.util.Arrays.copyOfRange(w, p, p + n));
            p += n;
        }
        if ((bits & COMM) != 0) { int n = w[p++]; b.communities = java.util.Arrays.copyOfRange(w, p, p + n); p += n; }
        if ((bits & EXT) != 0) {
            int n = w[p++];
            long[] e = new long[n];
            for (int i = 0; i < n; i++, p += 2) e[i] = getLong(w, p);
            b.extCommunities = e;
        }
        if ((bits & LARGE) != 0) { int n = w[p++]; b.largeCommunities = java.util.Arrays.copyOfRange(w, p, p + n); p += n; }
        if ((bits & CLUSTER) != 0) { int n = w[p++]; b.clusterList = java.util.Arrays.copyOfRange(w, p, p + n); p += n; }
        if ((bits & UNKNOWN) != 0) {
            int n = w[p++];
            b.unknown = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int ft = w[p++], len = w[p++];
                byte[] v = new byte[len];
                for (int k = 0; k < len; k++) v[k] = (byte) (w[p + k / 4] >>> (24 - 8 * (k & 3)));
                p += (len + 3) / 4;
                b.unknown.add(RawAttribute.trusted(ft >>> 8, ft & 0xff, v));
            }
        }
        return b.build();
    }

    private static int putInts(int[] w, int p, int[] v) {
        w[p++] = v.length;
        System.arraycopy(v, 0, w, p, v.length);
        return p + v.length;
    }

    private static int putLong(int[] w, int p, long v) {
        w[p] = (int) (v >>> 32);
        w[p + 1] = (int) v;
        return p + 2;
    }

    private static long getLong(int[] w, int p) {
        return (long) w[p] << 32 | w[p + 1] & 0xffffffffL;
    }
}
