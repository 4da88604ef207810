package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * LOCAL_PREF (RFC 4271 §4.3 e, §5.1.5): only between internal peers; one received from an external
 * peer is ignored (§5.1.5, RFC 7606 §7.5). Length errors are treat-as-withdraw.
 */
final class LocalPrefAttr {
    private LocalPrefAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        if (!ctx.ibgp() && ctx.sessionChecks()) return null;
        if (len != 4) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "LOCAL_PREF", len);
        out.localPref = Wire.u32(b, off);
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (a.localPref() < 0) return;
        AttrType.header(w, AttrType.TRANSITIVE, AttrType.LOCAL_PREF, 4);
        w.u32(a.localPref());
    }
}
