package io.vroom.bgp.attr;

import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.LongList;
import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Ip6Prefix;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4): AFI, SAFI, withdrawn routes. Empty for a family, it is that
 * family's End-of-RIB marker (RFC 4724 §2). A malformed one resets the session (RFC 7606 §7.12).
 */
public record MpUnreachAttr(int afi, int safi, long[] ipv4, List<Ip6Prefix> ipv6, int[] pathIds, byte[] raw) {
    public int afiSafi() { return Afi.key(afi, safi); }

    public boolean isEmpty() {
        return (ipv4 == null || ipv4.length == 0) && (ipv6 == null || ipv6.isEmpty()) && (raw == null || raw.length == 0);
    }

    static MpReachAttr.Result decodeInto(byte[] b, int off, int len, AttrContext ctx, MpUnreachAttr[] out) {
        if (len < 3) return MpReachAttr.Result.err("MP_UNREACH_NLRI length " + len);
        int afi = Wire.u16(b, off), safi = Wire.u8(b, off + 2);
        int p = off + 3, end = off + len;
        int key = Afi.key(afi, safi);
        if (key == Afi.IPV4_UNICAST) {
            LongList keys = new LongList();
            IntList ids = ctx.addPathIpv4() ? new IntList() : null;
            BgpError e = Nlri.decodeIpv4(b, p, end - p, ctx.addPathIpv4(), keys, ids);
            if (e != null) return new MpReachAttr.Result(null, e);
            out[0] = new MpUnreachAttr(afi, safi, keys.toArray(), null, ids == null ? null : ids.toArray(), null);
        } else if (key == Afi.IPV6_UNICAST) {
            List<Ip6Prefix> v6 = new ArrayList<>();
            IntList ids = ctx.addPathIpv6() ? new IntList() : null;
            BgpError e = Nlri.decodeIpv6(b, p, end - p, ctx.addPathIpv6(), v6, ids);
            if (e != null) return new MpReachAttr.Result(null, e);
            out[0] = new MpUnreachAttr(afi, safi, null, List.copyOf(v6), ids == null ? null : ids.toArray(), null);
        } else {
            out[0] = new MpUnreachAttr(afi, safi, null, null, null, Wire.copy(b, p, end - p));
        }
        return new MpReachAttr.Result(null, null);
    }

    public void encode(WireWriter w) {
        WireWriter v = new WireWriter();
        v.u16(afi).u8(safi);
        if (ipv4 != null) for (int i = 0; i < ipv4.length; i++) {
            if (pathIds != null) v.u32(pathIds[i]);
            Nlri.encodeIpv4(v, ipv4[i]);
        }
        if (ipv6 != null) for (int i = 0; i < ipv6.size(); i++) {
            if (pathIds != null) v.u32(pathIds[i]);
            Nlri.encodeIpv6(v, ipv6.get(i));
        }
        if (raw != null) v.bytes(raw);
        AttrType.header(w, AttrType.OPTIONAL, AttrType.MP_UNREACH_NLRI, v.length());
        w.bytes(v.array(), 0, v.length());
    }
}
