package io.vroom.bgp.wire;

import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.MpReachAttr;
import io.vroom.bgp.attr.MpUnreachAttr;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.LongList;

/**
 * UPDATE (RFC 4271 §4.3): withdrawn IPv4 routes, path attributes, IPv4 NLRI; other families in
 * MP_REACH/MP_UNREACH (RFC 4760). Prefixes are {@link Nlri} keys; path ids are null without
 * ADD-PATH. {@code action}/{@code error} report the RFC 7606 outcome of a message that could be
 * parsed (treat-as-withdraw or attribute-discard); a message that resets the session is a
 * {@link Result} error instead.
 *
 * <pre>
 *  +-----------------------------------------------------+
 *  |   Withdrawn Routes Length (2 octets)                |
 *  |   Withdrawn Routes (variable)                       |
 *  |   Total Path Attribute Length (2 octets)            |
 *  |   Path Attributes (variable)                        |
 *  |   Network Layer Reachability Information (variable) |
 *  +-----------------------------------------------------+
 * </pre>
 */
public record UpdateMessage(long[] withdrawn, int[] withdrawnPathIds, PathAttributes attributes, boolean hasAttributes,
                            MpReachAttr mpReach, MpUnreachAttr mpUnreach, long[] nlri, int[] nlriPathIds,
                            ErrorAction action, BgpError error) {

    /** Decodes a body ({@code off} just past the header). */
    public static Result<UpdateMessage> decode(byte[] b, int off, int len, AttrContext ctx) {
        if (len < 4) return Result.error(BgpError.reset(Notify.UPDATE, Notify.MALFORMED_ATTRIBUTE_LIST, null, "UPDATE too short"));
        int wlen = Wire.u16(b, off);
        if (2 + wlen + 2 > len) {
            return Result.error(BgpError.reset(Notify.UPDATE, Notify.MALFORMED_ATTRIBUTE_LIST, null, "withdrawn routes length " + wlen + " overruns the message"));
        }
        int alen = Wire.u16(b, off + 2 + wlen);
        if (2 + wlen + 2 + alen > len) {
            return Result.error(BgpError.reset(Notify.UPDATE, Notify.MALFORMED_ATTRIBUTE_LIST, null, "total path attribute length " + alen + " overruns the message"));
        }
        LongList wd = new LongList(Math.max(1, wlen / 4));
        IntList wdIds = ctx.addPathIpv4() ? new IntList() : null;
        BgpError e = Nlri.decodeIpv4(b, off + 2, wlen, ctx.addPathIpv4(), wd, wdIds);
        if (e != null) return Result.error(e);
        int nlriOff = off + 4 + wlen + alen;
        int nlriLen = off + len - nlriOff;
        LongList nl = new LongList(Math.max(1, nlriLen / 4));
        IntList nlIds = ctx.addPathIpv4() ? new IntList() : null;
        e = Nlri.decodeIpv4(b, nlriOff, nlriLen, ctx.addPathIpv4(), nl, nlIds);
        if (e != null) return Result.error(e);
        AttributeCodec.Decoded d = AttributeCodec.decode(b, off + 4 + wlen, alen, ctx);
        if (d.action() == ErrorAction.SESSION_RESET) return Result.error(d.error());
        ErrorAction action = d.action();
        BgpError err = d.error();
        PathAttributes a = d.attributes();
        // RFC 4271 §6.3 / RFC 7606 §3 d: well-known mandatory attributes when there is reachability.
        boolean reach = nl.size() > 0 || (d.mpReach() != null);
        if (reach && action != ErrorAction.TREAT_AS_WITHDRAW) {
            int missing = 0;
            if (a.origin() < 0) missing = 1;
            else if (a.asPath() == null) missing = 2;
            else if (nl.size() > 0 && !a.hasNextHop()) missing = 3;
            else if (ctx.ibgp() && ctx.sessionChecks() && a.localPref() < 0) missing = 5;
            if (missing != 0) {
                action = ErrorAction.TREAT_AS_WITHDRAW;
                err = new BgpError(Notify.UPDATE, Notify.MISSING_WELL_KNOWN, new byte[] {(byte) missing}, action, "missing well-known attribute " + missing);
            }
        }
        return Result.ok(new UpdateMessage(wd.toArray(), wdIds == null ? null : wdIds.toArray(), a, d.present(),
                d.mpReach(), d.mpUnreach(), nl.toArray(), nlIds == null ? null : nlIds.toArray(), action, err));
    }

    /** End-of-RIB (RFC 4724 §2): the AFI/SAFI key it marks, or 0 if this is not one. */
    public int endOfRib() {
        if (withdrawn.length == 0 && nlri.length == 0 && !hasAttributes) return Afi.IPV4_UNICAST;
        if (withdrawn.length == 0 && nlri.length == 0 && mpReach == null && mpUnreach != null && mpUnreach.isEmpty()) {
            return mpUnreach.afiSafi();
        }
        return 0;
    }

    /**
     * Encodes one UPDATE from pre-encoded pieces; the caller keeps it within 4096 bytes
     * (see {@code io.vroom.bgp.rib.UpdatePacker}).
     */
    public static byte[] encode(long[] withdrawn, int wFrom, int wTo, byte[] attrs, long[] nlri, int nFrom, int nTo) {
        WireWriter w = new WireWriter(MessageType.MAX_LENGTH);
        for (int i = 0; i < 16; i++) w.u8(0xff);
        w.u16(0).u8(MessageType.UPDATE);
        int wl = w.length();
        w.u16(0);
        for (int i = wFrom; i < wTo; i++) Nlri.encodeIpv4(w, withdrawn[i]);
        w.patch16(wl, w.length() - wl - 2);
        w.u16(attrs == null ? 0 : attrs.length);
        if (attrs != null) w.bytes(attrs);
        for (int i = nFrom; i < nTo; i++) Nlri.encodeIpv4(w, nlri[i]);
        w.patch16(16, w.length());
        return w.toByteArray();
    }

    public static byte[] endOfRibIpv4() {
        return encode(null, 0, 0, null, null, 0, 0);
    }
}
