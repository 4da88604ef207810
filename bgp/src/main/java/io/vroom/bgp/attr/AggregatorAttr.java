package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * AGGREGATOR (RFC 4271 §4.3 g, §5.1.7): AS (2 or 4 octets, RFC 6793 §4) and address. A wrong length
 * is attribute-discard (RFC 7606 §7.7). Toward a 2-octet peer a 4-octet AS becomes AS_TRANS and
 * AS4_AGGREGATOR carries the real one.
 */
final class AggregatorAttr {
    private AggregatorAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        int want = ctx.as4() ? 8 : 6;
        if (len != want) return AttrError.length(ErrorAction.ATTRIBUTE_DISCARD, "AGGREGATOR", len);
        out.aggregatorAs = ctx.as4() ? Wire.u32(b, off) : Wire.u16(b, off);
        out.aggregatorAddress = Wire.i32(b, off + (ctx.as4() ? 4 : 2));
        return null;
    }

    static void encode(PathAttributes a, boolean as4, WireWriter w) {
        if (a.aggregatorAs() < 0) return;
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.AGGREGATOR, as4 ? 8 : 6);
        if (as4) w.u32(a.aggregatorAs());
        else w.u16(a.aggregatorAs() > 0xffff ? 23456 : (int) a.aggregatorAs());
        w.u32(a.aggregatorAddress() & 0xffffffffL);
    }
}
