package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * ORIGINATOR_ID (RFC 4456 §8): the router id of the route's originator in the AS. Wrong length is
 * treat-as-withdraw; received from an external peer it is discarded (RFC 7606 §7.9).
 */
final class OriginatorIdAttr {
    private OriginatorIdAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        if (len != 4) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "ORIGINATOR_ID", len);
        if (!ctx.ibgp() && ctx.sessionChecks()) return null;
        out.originatorId = Wire.u32(b, off);
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (a.originatorId() < 0) return;
        AttrType.header(w, AttrType.OPTIONAL, AttrType.ORIGINATOR_ID, 4);
        w.u32(a.originatorId());
    }
}
