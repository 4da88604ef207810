package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * COMMUNITIES (RFC 1997): 32-bit values. A length of zero or not a multiple of 4 is treat-as-withdraw
 * (RFC 7606 §7.8). Well-known values: NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED.
 */
public final class CommunitiesAttr {
    private CommunitiesAttr() {}

    public static final int NO_EXPORT = 0xFFFFFF01, NO_ADVERTISE = 0xFFFFFF02, NO_EXPORT_SUBCONFED = 0xFFFFFF03;

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len == 0 || len % 4 != 0) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "COMMUNITIES", len);
        int[] c = new int[len / 4];
        for (int i = 0; i < c.length; i++) c[i] = Wire.i32(b, off + 4 * i);
        out.communities = c;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        int[] c = a.communities();
        if (c == null || c.length == 0) return;
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.COMMUNITIES, 4 * c.length);
        for (int x : c) w.u32(x & 0xffffffffL);
    }

    /** {@code "65001:100"} or a well-known name (no-export, no-advertise, no-export-subconfed); IllegalArgumentException otherwise. */
    public static int parse(String text) {
        String v = text.trim();
        switch (v) {
            case "no-export": return NO_EXPORT;
            case "no-advertise": return NO_ADVERTISE;
            case "no-export-subconfed": return NO_EXPORT_SUBCONFED;
            default:
        }
        String[] p = v.split(":");
        try {
            if (p.length != 2) throw new NumberFormatException();
            int hi = Integer.parseInt(p[0]), lo = Integer.parseInt(p[1]);
            if (hi < 0 || hi > 65535 || lo < 0 || lo > 65535) throw new NumberFormatException();
            return (hi << 16) | lo;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a community ASN:VALUE (each 0..65535), got '" + v + "'");
        }
    }
}
