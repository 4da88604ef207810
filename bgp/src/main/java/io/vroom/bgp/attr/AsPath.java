package io.vroom.bgp.attr;

import io.vroom.bgp.wire.WireWriter;
import io.vroom.bgp.wire.Wire;
import java.util.Arrays;

/**
 * An AS path (RFC 4271 §4.3 / §5.1.2; confederation segments RFC 5065 §3): segments packed into
 * one {@code int[]} as {@code type, count, as...}, ASes as unsigned 32-bit values. Immutable.
 * Decoding and encoding of the AS_PATH attribute, 2- or 4-octet (RFC 6793), lives here too.
 */
public final class AsPath {
    public static final int AS_SET = 1, AS_SEQUENCE = 2, AS_CONFED_SEQUENCE = 3, AS_CONFED_SET = 4;
    public static final AsPath EMPTY = new AsPath(new int[0]);

    private final int[] data;
    /** Computed on first use (0: not yet). */
    private int hash;

    private AsPath(int[] data) {
        this.data = data;
    }

    /** Takes well-formed segment words without a check or a copy (from {@link AttrWords}). */
    static AsPath trusted(int[] data) {
        return new AsPath(data);
    }

    public static AsPath sequence(long... asns) {
        if (asns.length == 0) return EMPTY;
        int[] d = new int[2 + asns.length];
        d[0] = AS_SEQUENCE;
        d[1] = asns.length;
        for (int i = 0; i < asns.length; i++) d[2 + i] = (int) asns[i];
        return new AsPath(d);
    }

    /** Builds a path from raw segment data (type, count, as...); null if the data is not well formed. */
    public static AsPath ofSegments(int[] data) {
        int p = 0;
        while (p < data.length) {
            if (p + 2 > data.length || data[p] < 1 || data[p] > 4 || data[p + 1] < 1 || p + 2 + data[p + 1] > data.length) return null;
            p += 2 + data[p + 1];
        }
        return new AsPath(data.clone());
    }

    /** Decodes an AS_PATH or AS4_PATH value; null if malformed (RFC 7606 §7.2: treat-as-withdraw). */
    public static AsPath decode(byte[] b, int off, int len, boolean as4) {
        int asLen = as4 ? 4 : 2;
        int end = off + len;
        // First pass: validate and count ints.
        int ints = 0;
        for (int p = off; p < end; ) {
            if (end - p < 2) return null;
            int type = Wire.u8(b, p), count = Wire.u8(b, p + 1);
            if (type < AS_SET || type > AS_CONFED_SET || count == 0) return null;
            p += 2 + count * asLen;
            if (p > end) return null;
            ints += 2 + count;
        }
        if (ints == 0) return EMPTY;
        int[] d = new int[ints];
        int q = 0;
        for (int p = off; p < end; ) {
            int type = Wire.u8(b, p), count = Wire.u8(b, p + 1);
            d[q++] = type;
            d[q++] = count;
            p += 2;
            for (int i = 0; i < count; i++, p += asLen) d[q++] = as4 ? Wire.i32(b, p) : Wire.u16(b, p);
        }
        return new AsPath(d);
    }

    /**
     * Writes the attribute value. Toward a 2-octet speaker ({@code as4 == false}) an AS above 65535
     * becomes AS_TRANS (RFC 6793 §4.2.2); the caller adds AS4_PATH when {@link #needsAs4()}.
     * Segments longer than 255 ASes are split.
     */
    public void encode(WireWriter w, boolean as4) {
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            int type = data[p], count = data[p + 1];
            for (int done = 0; done < count; ) {
                int n = Math.min(255, count - done);
                w.u8(type).u8(n);
                for (int i = 0; i < n; i++) {
                    long as = data[p + 2 + done + i] & 0xffffffffL;
                    if (as4) w.u32(as);
                    else w.u16(as > 0xffff ? 23456 : (int) as);
                }
                done += n;
            }
        }
    }

    /** The value length {@link #encode} writes. */
    public int encodedLength(boolean as4) {
        int len = 0;
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            int count = data[p + 1];
            len += 2 * ((count + 254) / 255) + count * (as4 ? 4 : 2);
        }
        return len;
    }

    /** Does any AS need 4 octets (so a 2-octet peer must also get AS4_PATH)? */
    public boolean needsAs4() {
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            for (int i = 0; i < data[p + 1]; i++) if ((data[p + 2 + i] & 0xffffffffL) > 0xffff) return true;
        }
        return false;
    }

    /** The path without confederation segments (what AS4_PATH carries, RFC 6793 §4.2.2). */
    public AsPath withoutConfed() {
        int[] d = new int[data.length];
        int q = 0;
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            if (data[p] == AS_CONFED_SEQUENCE || data[p] == AS_CONFED_SET) continue;
            System.arraycopy(data, p, d, q, 2 + data[p + 1]);
            q += 2 + data[p + 1];
        }
        return q == data.length ? this : new AsPath(Arrays.copyOf(d, q));
    }

    /** Path length for the decision process (RFC 4271 §9.1.2.2 a; RFC 5065 §5.3): a set counts one, confederation segments zero. */
    public int pathLength() {
        int n = 0;
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            if (data[p] == AS_SEQUENCE) n += data[p + 1];
            else if (data[p] == AS_SET) n += 1;
        }
        return n;
    }

    /** The AS the route came from for MED comparison (RFC 4271 §9.1.2.2 c): the first AS of a leading AS_SEQUENCE, or 0. */
    public long neighborAs() {
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            if (data[p] == AS_CONFED_SEQUENCE || data[p] == AS_CONFED_SET) continue;
            return data[p] == AS_SEQUENCE ? data[p + 2] & 0xffffffffL : 0;
        }
        return 0;
    }

    /** The leftmost AS of the first segment, or -1 for an empty path (RFC 4271 §6.3 first-AS check). */
    public long firstAs() {
        return data.length == 0 ? -1 : data[2] & 0xffffffffL;
    }

    public int firstSegmentType() {
        return data.length == 0 ? 0 : data[0];
    }

    public boolean contains(long as) {
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            for (int i = 0; i < data[p + 1]; i++) if ((data[p + 2 + i] & 0xffffffffL) == as) return true;
        }
        return false;
    }

    /** A copy with {@code as} prepended {@code times} times to the leading AS_SEQUENCE (RFC 4271 §5.1.2). */
    public AsPath prepend(long as, int times) {
        if (times <= 0) return this;
        if (data.length > 0 && data[0] == AS_SEQUENCE && data[1] + times <= 255) {
            int[] d = new int[data.length + times];
            d[0] = AS_SEQUENCE;
            d[1] = data[1] + times;
            for (int i = 0; i < times; i++) d[2 + i] = (int) as;
            System.arraycopy(data, 2, d, 2 + times, data.length - 2);
            return new AsPath(d);
        }
        int[] d = new int[data.length + 2 + times];
        d[0] = AS_SEQUENCE;
        d[1] = times;
        for (int i = 0; i < times; i++) d[2 + i] = (int) as;
        System.arraycopy(data, 0, d, 2 + times, data.length);
        return new AsPath(d);
    }

    /**
     * Reconstructs the true path from AS_PATH and AS4_PATH (RFC 6793 §4.2.3): when AS_PATH has at
     * least as many ASes as AS4_PATH, keep AS_PATH's leading surplus and append AS4_PATH.
     */
    public static AsPath merge(AsPath asPath, AsPath as4Path) {
        int n = asPath.pathLength(), m = as4Path.pathLength();
        if (n < m) return asPath;
        int keep = n - m;
        int[] d = new int[asPath.data.length + as4Path.data.length];
        int q = 0;
        for (int p = 0; p < asPath.data.length && keep > 0; p += 2 + asPath.data[p + 1]) {
            int type = asPath.data[p], count = asPath.data[p + 1];
            int take;
            if (type == AS_SEQUENCE) take = Math.min(count, keep);
            else if (type == AS_SET) take = count;
            else take = count; // confederation segments count zero and are kept
            d[q++] = type;
            d[q++] = take;
            System.arraycopy(asPath.data, p + 2, d, q, take);
            q += take;
            if (type == AS_SEQUENCE) keep -= take;
            else if (type == AS_SET) keep -= 1;
        }
        System.arraycopy(as4Path.data, 0, d, q, as4Path.data.length);
        q += as4Path.data.length;
        return new AsPath(Arrays.copyOf(d, q));
    }

    public boolean isEmpty() { return data.length == 0; }

    /** The raw segments (type, count, as...); do not modify. */
    public int[] segments() { return data; }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPath a && a.hashCode() == hashCode() && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(data) | 1;
            hash = h;
        }
        return h;
    }

    /** Cisco/FRR style: {@code 65001 65002 {1,2} (3 4) [5]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < data.length; p += 2 + data[p + 1]) {
            int type = data[p];
            if (s.length() > 0) s.append(' ');
            String open = switch (type) { case AS_SET -> "{"; case AS_CONFED_SEQUENCE -> "("; case AS_CONFED_SET -> "["; default -> ""; };
            String close = switch (type) { case AS_SET -> "}"; case AS_CONFED_SEQUENCE -> ")"; case AS_CONFED_SET -> "]"; default -> ""; };
            String sep = type == AS_SET || type == AS_CONFED_SET ? "," : " ";
            s.append(open);
            for (int i = 0; i < data[p + 1]; i++) {
                if (i > 0) s.append(sep);
                s.append(data[p + 2 + i] & 0xffffffffL);
            }
            s.append(close);
        }
        return s.toString();
    }
}
