package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.WireWriter;

/**
 * AS4_PATH (RFC 6793 §3): the true path alongside a 2-octet AS_PATH. Ignored from 4-octet peers
 * (§4.1); a malformed one is attribute-discard (§6); confederation segments are dropped (§6).
 */
final class As4PathAttr {
    private As4PathAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        if (ctx.as4()) return null;
        AsPath p = AsPath.decode(b, off, len, true);
        if (p == null) return AttrError.of(Notify.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD, "malformed AS4_PATH");
        out.as4Path = p.withoutConfed();
        return null;
    }

    /** Toward a 2-octet peer only, when the path holds an AS above 65535 (RFC 6793 §4.2.2). */
    static void encode(PathAttributes a, boolean as4, WireWriter w) {
        if (as4 || a.asPath() == null || !a.asPath().needsAs4()) return;
        AsPath p = a.asPath().withoutConfed();
        AttrType.header(w, AttrType.OPTIONAL | AttrType.TRANSITIVE, AttrType.AS4_PATH, p.encodedLength(true));
        p.encode(w, true);
    }
}
