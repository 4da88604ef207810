package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/** AS4_AGGREGATOR (RFC 6793 §3): ignored from 4-octet peers; a wrong length is attribute-discard (§6). */
final class As4AggregatorAttr {
    private As4AggregatorAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        if (ctx.as4()) return null;
        if (len != 8) return AttrError.length(ErrorAction.ATTRIBUTE_DISCARD, "AS4_AGGREGATOR", len);
        out.as4AggregatorAs = Wire.u32(b, off);
        out.as4AggregatorAddress = Wire.i32(b, off + 4);
        return null;
    }

    static void encode(PathAttributes a, boolean as4, WireWriter w) {
        if (as4 || a.aggregatorAs() <= 0xffff) return;
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.AS4_AGGREGATOR, 8);
        w.u32(a.aggregatorAs()).u32(a.aggregatorAddress() & 0xffffffffL);
    }
}
