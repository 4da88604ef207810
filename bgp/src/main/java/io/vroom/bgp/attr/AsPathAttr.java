package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.WireWriter;

/**
 * AS_PATH (RFC 4271 §4.3 b, §5.1.2), 2- or 4-octet ASes (RFC 6793 §4). Malformed segments, or an
 * eBGP path not starting with the peer's AS (§6.3), are treat-as-withdraw (RFC 7606 §7.2).
 */
final class AsPathAttr {
    private AsPathAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        AsPath p = AsPath.decode(b, off, len, ctx.as4());
        if (p == null) return AttrError.of(Notify.MALFORMED_AS_PATH, ErrorAction.TREAT_AS_WITHDRAW, "malformed AS_PATH");
        if (ctx.sessionChecks() && !ctx.ibgp()) {
            long first = p.firstAs();
            long expect = ctx.as4() || ctx.peerAs() <= 0xffff ? ctx.peerAs() : 23456;
            if (p.firstSegmentType() != AsPath.AS_SEQUENCE || first != expect) {
                return AttrError.of(Notify.MALFORMED_AS_PATH, ErrorAction.TREAT_AS_WITHDRAW, "eBGP AS_PATH does not start with the peer's AS " + ctx.peerAs());
            }
        }
        out.asPath = p;
        return null;
    }

    static void encode(PathAttributes a, boolean as4, WireWriter w) {
        AsPath p = a.asPath() == null ? AsPath.EMPTY : a.asPath();
        AttrType.header(w, AttrType.TRANSITIVE, AttrType.AS_PATH, p.encodedLength(as4));
        p.encode(w, as4);
    }
}
