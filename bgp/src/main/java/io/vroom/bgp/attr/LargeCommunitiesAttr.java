package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/** LARGE_COMMUNITY (RFC 8092 §3): 12-octet triples; zero or non-multiple-of-12 length is treat-as-withdraw (RFC 8092 §6). */
public final class LargeCommunitiesAttr {
    private LargeCommunitiesAttr() {}

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len == 0 || len % 12 != 0) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "LARGE_COMMUNITY", len);
        int[] c = new int[len / 4];
        for (int i = 0; i < c.length; i++) c[i] = Wire.i32(b, off + 4 * i);
        out.largeCommunities = c;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        int[] c = a.largeCommunities();
        if (c == null || c.length == 0) return;
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.LARGE_COMMUNITY, 4 * c.length);
        for (int x : c) w.u32(x & 0xffffffffL);
    }

    /** {@code "65001:1:2"} (RFC 8092 §3: three unsigned 32-bit fields); IllegalArgumentException otherwise. */
    public static int[] parse(String text) {
        String v = text.trim();
        String[] p = v.split(":");
        try {
            if (p.length != 3) throw new NumberFormatException();
            int[] out = new int[3];
            for (int k = 0; k < 3; k++) {
                long x = Long.parseLong(p[k]);
                if (x < 0 || x > 4294967295L) throw new NumberFormatException();
                out[k] = (int) x;
            }
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a large community GLOBAL:LOCAL1:LOCAL2, got '" + v + "'");
        }
    }
}
