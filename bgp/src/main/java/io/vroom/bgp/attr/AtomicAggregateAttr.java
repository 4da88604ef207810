package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.WireWriter;

/** ATOMIC_AGGREGATE (RFC 4271 §4.3 f, §5.1.6): no value; a wrong length is attribute-discard (RFC 7606 §7.6). */
final class AtomicAggregateAttr {
    private AtomicAggregateAttr() {}

    static BgpError decode(int len, PathAttributes.Builder out) {
        if (len != 0) return AttrError.length(ErrorAction.ATTRIBUTE_DISCARD, "ATOMIC_AGGREGATE", len);
        out.atomicAggregate = true;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        if (a.atomicAggregate()) AttrType.header(w, AttrType.TRANSITIVE, AttrType.ATOMIC_AGGREGATE, 0);
    }
}
