package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;

/**
 * CLUSTER_LIST (RFC 4456 §8): the cluster ids a reflected route passed. Zero or non-multiple-of-4
 * length is treat-as-withdraw; from an external peer it is discarded (RFC 7606 §7.10).
 */
final class ClusterListAttr {
    private ClusterListAttr() {}

    static BgpError decode(byte[] b, int off, int len, AttrContext ctx, PathAttributes.Builder out) {
        if (len == 0 || len % 4 != 0) return AttrError.length(ErrorAction.TREAT_AS_WITHDRAW, "CLUSTER_LIST", len);
        if (!ctx.ibgp() && ctx.sessionChecks()) return null;
        int[] c = new int[len / 4];
        for (int i = 0; i < c.length; i++) c[i] = Wire.i32(b, off + 4 * i);
        out.clusterList = c;
        return null;
    }

    static void encode(PathAttributes a, WireWriter w) {
        int[] c = a.clusterList();
        if (c == null || c.length == 0) return;
        AttrType.header(w, AttrType.OPTIONAL, AttrType.CLUSTER_LIST, 4 * c.length);
        for (int x : c) w.u32(x & 0xffffffffL);
    }
}
