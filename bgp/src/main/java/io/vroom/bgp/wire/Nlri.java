package io.vroom.bgp.wire;

import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.LongList;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import java.util.List;

/**
 * NLRI encoding (RFC 4271 §4.3: length in bits, then just enough octets; RFC 7911 §3: a 4-octet
 * path identifier first when ADD-PATH was negotiated). IPv4 prefixes are {@code long} keys
 * {@code address << 8 | length} (unsigned address), which order like {@link Ip4Prefix}.
 */
public final class Nlri {
    private Nlri() {}

    public static long key(int address, int length) {
        return ((address & Ip4.mask(length) & 0xffffffffL) << 8) | length;
    }

    public static long key(Ip4Prefix p) { return key(p.address(), p.length()); }

    public static int address(long key) { return (int) (key >>> 8); }

    public static int length(long key) { return (int) (key & 0xff); }

    public static Ip4Prefix prefix(long key) { return new Ip4Prefix(address(key), length(key)); }

    public static String format(long key) { return Ip4.format(address(key)) + "/" + length(key); }

    /** Decodes IPv4 NLRI; returns null or the error (RFC 7606 §5.3: an NLRI that cannot be parsed resets the session). */
    public static BgpError decodeIpv4(byte[] b, int off, int len, boolean addPath, LongList keys, IntList pathIds) {
        int end = off + len;
        int p = off;
        while (p < end) {
            int pathId = 0;
            if (addPath) {
                if (end - p < 4) return bad("truncated path identifier");
                pathId = Wire.i32(b, p);
                p += 4;
            }
            if (p >= end) return bad("truncated NLRI");
            int bits = Wire.u8(b, p++);
            if (bits > 32) return bad("IPv4 prefix length " + bits);
            int bytes = (bits + 7) >>> 3;
            if (p + bytes > end) return bad("NLRI prefix overruns its field");
            int addr = 0;
            for (int i = 0; i < 4; i++) addr = (addr << 8) | (i < bytes ? b[p + i] & 0xff : 0);
            p += bytes;
            keys.add(key(addr, bits));
            if (pathIds != null) pathIds.add(pathId);
        }
        return null;
    }

    /** Decodes IPv6 NLRI into {@code out}. */
    public static BgpError decodeIpv6(byte[] b, int off, int len, boolean addPath, List<Ip6Prefix> out, IntList pathIds) {
        int end = off + len;
        int p = off;
        while (p < end) {
            int pathId = 0;
            if (addPath) {
                if (end - p < 4) return bad("truncated path identifier");
                pathId = Wire.i32(b, p);
                p += 4;
            }
            if (p >= end) return bad("truncated NLRI");
            int bits = Wire.u8(b, p++);
            if (bits > 128) return bad("IPv6 prefix length " + bits);
            int bytes = (bits + 7) >>> 3;
            if (p + bytes > end) return bad("NLRI prefix overruns its field");
            long hi = 0, lo = 0;
            for (int i = 0; i < 16; i++) {
                long v = i < bytes ? b[p + i] & 0xff : 0;
                if (i < 8) hi = (hi << 8) | v;
                else lo = (lo << 8) | v;
            }
            p += bytes;
            if (out.size() < 100_000) out.add(new Ip6Prefix(hi, lo, bits));
            if (pathIds != null) pathIds.add(pathId);
        }
        return null;
    }

    private static BgpError bad(String why) {
        return BgpError.reset(Notify.UPDATE, Notify.INVALID_NETWORK_FIELD, null, why);
    }

    /** Bytes one IPv4 prefix takes (without a path identifier). */
    public static int encodedLength(long key) { return 1 + ((length(key) + 7) >>> 3); }

    public static void encodeIpv4(WireWriter w, long key) {
        int bits = length(key), addr = address(key);
        w.u8(bits);
        for (int i = 0; i < (bits + 7) >>> 3; i++) w.u8(addr >>> (24 - 8 * i));
    }

    public static void encodeIpv6(WireWriter w, Ip6Prefix p) {
        w.u8(p.length());
        for (int i = 0; i < (p.length() + 7) >>> 3; i++) w.u8((int) ((i < 8 ? p.hi() >>> (56 - 8 * i) : p.lo() >>> (56 - 8 * (i - 8)))));
    }
}
