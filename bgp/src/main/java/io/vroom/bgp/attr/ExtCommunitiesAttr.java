package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/** EXTENDED_COMMUNITIES (RFC 4360 §2): 8-octet values; zero or non-multiple-of-8 length is treat-as-withdraw (RFC 7606 §7.14). */
final class ExtCommunitiesAttr {
    private ExtCommunitiesAttr() {}

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len == 0 || len % 8 != 0) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "EXTENDED_COMMUNITIES", len);
        long[] c = new long[len / 8];
        for (int i = 0; i < c.length; i++) c[i] = Wire.i64(b, off + 8 * i);
        out.extCommunities = c;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        long[] c = a.extCommunities();
        if (c == null || c.length == 0) return;
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.EXTENDED_COMMUNITIES, 8 * c.length);
        for (long x : c) w.u64(x);
    }
}
