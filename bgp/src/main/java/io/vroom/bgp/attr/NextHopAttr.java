package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * NEXT_HOP (RFC 4271 §4.3 c, §5.1.3). A syntactically wrong length or a martian address
 * (0.0.0.0, 127/8, multicast, broadcast; §6.3 "Invalid NEXT_HOP") is treat-as-withdraw (RFC 7606 §7.3).
 */
final class NextHopAttr {
    private NextHopAttr() {}

    static BgpError decode(byte[] b, int off, int len, PathAttributes.Builder out) {
        if (len != 4) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "NEXT_HOP", len);
        int nh = Wire.i32(b, off);
        int top = nh >>> 24;
        if (nh == 0 || top == 127 || top >= 224) {
            return AttrError.of(Notify.INVALID_NEXT_HOP, ErrorAction.TREAT_AS_WITHDRAW, "invalid NEXT_HOP " + io.vroom.core.net.Ip4.format(nh));
        }
        out.nextHop(nh);
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (!a.hasNextHop()) return;
        AttrType.header(w, AttrType.TRANSITIVE, AttrType.NEXT_HOP, 4);
        w.u32(a.nextHopOrAbsent());
    }
}
