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
 * MP_REACH_NLRI (RFC 4760 §3): AFI, SAFI, next hop, reserved octet, NLRI. IPv4 and IPv6 unicast
 * NLRI are decoded (IPv6 next hop: global, optionally followed by link-local, RFC 2545 §3); other
 * families are kept raw. A malformed one resets the session (RFC 7606 §7.11).
 */
public record MpReachAttr(int afi, int safi, byte[] nextHop, long[] ipv4, List<Ip6Prefix> ipv6, int[] pathIds, byte[] raw) {
    public int afiSafi() { return Afi.key(afi, safi); }

    static Result decode(byte[] b, int off, int len, AttrContext ctx) {
        if (len < 5) return Result.err("MP_REACH_NLRI length " + len);
        int afi = Wire.u16(b, off), safi = Wire.u8(b, off + 2), nhLen = Wire.u8(b, off + 3);
        int p = off + 4;
        int end = off + len;
        if (p + nhLen + 1 > end) return Result.err("MP_REACH_NLRI next hop overruns the attribute");
        byte[] nh = Wire.copy(b, p, nhLen);
        p += nhLen + 1; // reserved octet
        int key = Afi.key(afi, safi);
        if (key == Afi.IPV4_UNICAST) {
            if (nhLen != 4 && nhLen != 16 && nhLen != 32) return Result.err("IPv4 next hop length " + nhLen);
            LongList keys = new LongList();
            IntList ids = ctx.addPathIpv4() ? new IntList() : null;
            BgpError e = Nlri.decodeIpv4(b, p, end - p, ctx.addPathIpv4(), keys, ids);
            if (e != null) return new Result(null, e);
            return new Result(new MpReachAttr(afi, safi, nh, keys.toArray(), null, ids == null ? null : ids.toArray(), null), null);
        }
        if (key == Afi.IPV6_UNICAST) {
            if (nhLen != 16 && nhLen != 32) return Result.err("IPv6 next hop length " + nhLen);
            List<Ip6Prefix> v6 = new ArrayList<>();
            IntList ids = ctx.addPathIpv6() ? new IntList() : null;
            BgpError e = Nlri.decodeIpv6(b, p, end - p, ctx.addPathIpv6(), v6, ids);
            if (e != null) return new Result(null, e);
            return new Result(new MpReachAttr(afi, safi, nh, null, List.copyOf(v6), ids == null ? null : ids.toArray(), null), null);
        }
        return new Result(new MpReachAttr(afi, safi, nh, null, null, null, Wire.copy(b, p, end - p)), null);
    }

    /** Encodes IPv6 unicast reachability (the one MP family this speaker originates besides IPv4 in the base UPDATE). */
    public void encode(WireWriter w) {
        WireWriter v = new WireWriter();
        v.u16(afi).u8(safi).u8(nextHop.length).bytes(nextHop).u8(0);
        if (ipv4 != null) for (int i = 0; i < ipv4.length; i++) {
            if (pathIds != null) v.u32(pathIds[i]);
            Nlri.encodeIpv4(v, ipv4[i]);
        }
        if (ipv6 != null) for (int i = 0; i < ipv6.size(); i++) {
            if (pathIds != null) v.u32(pathIds[i]);
            Nlri.encodeIpv6(v, ipv6.get(i));
        }
        if (raw != null) v.bytes(raw);
        AttrType.header(w, AttrType.OPTIONAL, AttrType.MP_REACH_NLRI, v.length());
        w.bytes(v.array(), 0, v.length());
    }

    record Result(MpReachAttr value, BgpError error) {
        static Result err(String why) {
            return new Result(null, new BgpError(Notify.UPDATE, Notify.OPTIONAL_ATTRIBUTE_ERROR, null, ErrorAction.SESSION_RESET, why));
        }
    }
}
