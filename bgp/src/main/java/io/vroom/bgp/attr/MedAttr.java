package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/** MULTI_EXIT_DISC (RFC 4271 §4.3 d, §5.1.4): optional non-transitive; errors treat-as-withdraw (RFC 7606 §7.4). */
final class MedAttr {
    private MedAttr() {}

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len != 4) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "MULTI_EXIT_DISC", len);
        out.med = Wire.u32(b, off);
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (a.med() < 0) return;
        AttrType.header(w, AttrType.OPTIONAL, AttrType.MED, 4);
        w.u32(a.med());
    }
}
