package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.WireWriter;

/** ORIGIN (RFC 4271 §4.3 a, §5.1.1): IGP 0, EGP 1, INCOMPLETE 2. Errors: treat-as-withdraw (RFC 7606 §7.1). */
final class OriginAttr {
    private OriginAttr() {}

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len != 1) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "ORIGIN", len);
        int v = b[off] & 0xff;
        if (v > 2) return AttrError.of(Notify.INVALID_ORIGIN, ErrorAction.TREAT_AS_WITHDRAW, "ORIGIN value " + v);
        out.origin = v;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (a.origin() < 0) return;
        AttrType.header(w, AttrType.TRANSITIVE, AttrType.ORIGIN, 1);
        w.u8(a.origin());
    }
}
