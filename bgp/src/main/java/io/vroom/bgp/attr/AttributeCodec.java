package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.Wire;
import io.vroom.bgp.wire.WireWriter;
import java.util.ArrayList;

/**
 * Walks the path attribute block of an UPDATE (RFC 4271 §4.3) with the revised error handling of
 * RFC 7606: each error carries its action, and the strongest wins; duplicates of MP_REACH or
 * MP_UNREACH reset the session, other duplicates are dropped (§3 g); an attribute overrunning the
 * block is treat-as-withdraw (§4). Never throws.
 */
public final class AttributeCodec {
    private AttributeCodec() {}

    /** Most unknown optional transitive attributes kept per set (a limit; more are dropped). */
    static final int MAX_UNKNOWN = 16;

    /**
     * The decoded block. {@code attributes} always exists (absent attributes are -1/null inside);
     * {@code present} tells whether the block had any attribute at all.
     */
    public record Decoded(PathAttributes attributes, MpReachAttr mpReach, MpUnreachAttr mpUnreach, boolean present,
                          ErrorAction action, BgpError error) {}

    public static Decoded decode(byte[] b, int off, int len, AttrContext ctx) {
        PathAttributes.Builder out = new PathAttributes.Builder();
        MpReachAttr reach = null;
        MpUnreachAttr[] unreach = new MpUnreachAttr[1];
        long[] seen = new long[4];
        ErrorAction action = ErrorAction.NONE;
        BgpError worst = null;
        int p = off, end = off + len;
        while (p < end) {
            BgpError e = null;
            if (end - p < 3) {
                e = AttrError.of(Notify.MALFORMED_ATTRIBUTE_LIST, ErrorAction.TREAT_AS_WITHDRAW, "truncated attribute header");
                e = withData(e, b, p, end - p);
                action = action.max(e.action());
                if (worst == null || e.action().ordinal() > worst.action().ordinal()) worst = e;
                break;
            }
            int flags = Wire.u8(b, p), type = Wire.u8(b, p + 1);
            boolean ext = (flags & AttrType.EXTENDED_LENGTH) != 0;
            int hlen = ext ? 4 : 3;
            int alen = end - p < hlen ? -1 : (ext ? Wire.u16(b, p + 2) : Wire.u8(b, p + 2));
            int v = p + hlen;
            if (alen < 0 || v + alen > end) {
                e = withData(AttrError.of(Notify.ATTRIBUTE_LENGTH_ERROR, ErrorAction.TREAT_AS_WITHDRAW, "attribute " + type + " overruns the attribute block"), b, p, end - p);
                action = action.max(e.action());
                if (worst == null || e.action().ordinal() > worst.action().ordinal()) worst = e;
                break;
            }
            int next = v + alen;
            boolean dup = (seen[type >>> 6] & (1L << (type & 63))) != 0;
            seen[type >>> 6] |= 1L << (type & 63);
            int expected = AttrType.expectedFlags(type);
            if (dup) {
                if (type == AttrType.MP_REACH_NLRI || type == AttrType.MP_UNREACH_NLRI) {
                    e = AttrError.of(Notify.MALFORMED_ATTRIBUTE_LIST, ErrorAction.SESSION_RESET, "repeated MP attribute " + type);
                }
                // RFC 7606 §3 g: other repeats: keep the first, drop the rest.
            } else if (expected < 0) {
                if ((flags & AttrType.OPTIONAL) == 0) {
                    e = AttrError.of(Notify.UNRECOGNIZED_WELL_KNOWN, ErrorAction.SESSION_RESET, "unrecognized well-known attribute " + type);
                } else if ((flags & AttrType.TRANSITIVE) != 0) {
                    if (out.unknown == null) out.unknown = new ArrayList<>();
                    if (out.unknown.size() < MAX_UNKNOWN) out.unknown.add(new RawAttribute(flags, type, Wire.copy(b, v, alen)));
                }
                // unknown optional non-transitive: quietly ignored (RFC 4271 §5)
            } else if ((flags & (AttrType.OPTIONAL | AttrType.TRANSITIVE)) != expected) {
                e = AttrError.of(Notify.ATTRIBUTE_FLAGS_ERROR, malformAction(type), "attribute " + type + " flags 0x" + Integer.toHexString(flags));
            } else {
                switch (type) {
                    case AttrType.ORIGIN -> e = OriginAttr.decode(b, v, alen, out);
                    case AttrType.AS_PATH -> e = AsPathAttr.decode(b, v, alen, ctx, out);
                    case AttrType.NEXT_HOP -> e = NextHopAttr.decode(b, v, alen, out);
                    case AttrType.MED -> e = MedAttr.decode(b, v, alen, out);
                    case AttrType.LOCAL_PREF -> e = LocalPrefAttr.decode(b, v, alen, ctx, out);
                    case AttrType.ATOMIC_AGGREGATE -> e = AtomicAggregateAttr.decode(alen, out);
                    case AttrType.AGGREGATOR -> e = AggregatorAttr.decode(b, v, alen, ctx, out);
                    case AttrType.COMMUNITIES -> e = CommunitiesAttr.decode(b, v, alen, out);
                    case AttrType.ORIGINATOR_ID -> e = OriginatorIdAttr.decode(b, v, alen, ctx, out);
                    case AttrType.CLUSTER_LIST -> e = ClusterListAttr.decode(b, v, alen, ctx, out);
                    case AttrType.MP_REACH_NLRI -> {
                        MpReachAttr.Result r = MpReachAttr.decode(b, v, alen, ctx);
                        e = r.error();
                        reach = r.value();
                    }
                    case AttrType.MP_UNREACH_NLRI -> e = MpUnreachAttr.decodeInto(b, v, alen, ctx, unreach).error();
                    case AttrType.EXTENDED_COMMUNITIES -> e = ExtCommunitiesAttr.decode(b, v, alen, out);
                    case AttrType.AS4_PATH -> e = As4PathAttr.decode(b, v, alen, ctx, out);
                    case AttrType.AS4_AGGREGATOR -> e = As4AggregatorAttr.decode(b, v, alen, ctx, out);
                    case AttrType.LARGE_COMMUNITY -> e = LargeCommunitiesAttr.decode(b, v, alen, out);
                    default -> { }
                }
            }
            if (e != null) {
                e = withData(e, b, p, next - p);
                action = action.max(e.action());
                if (worst == null || e.action().ordinal() > worst.action().ordinal()) worst = e;
            }
            p = next;
        }
        mergeAs4(out, ctx);
        return new Decoded(out.build(), reach, unreach[0], len > 0, action, worst);
    }

    /** RFC 6793 §4.2.3: rebuild the true AS_PATH and AGGREGATOR from a 2-octet speaker's AS4_ attributes. */
    private static void mergeAs4(PathAttributes.Builder out, AttrContext ctx) {
        if (ctx.as4()) return;
        if (out.aggregatorAs >= 0 && out.as4AggregatorAs >= 0) {
            if (out.aggregatorAs != 23456) return; // AS4_AGGREGATOR and AS4_PATH are ignored
            out.aggregatorAs = out.as4AggregatorAs;
            out.aggregatorAddress = out.as4AggregatorAddress;
        }
        if (out.as4Path != null && out.asPath != null) out.asPath = AsPath.merge(out.asPath, out.as4Path);
    }

    private static BgpError withData(BgpError e, byte[] b, int off, int len) {
        if (e.data().length > 0) return e;
        return new BgpError(e.code(), e.subcode(), Wire.copy(b, off, Math.min(len, 4000)), e.action(), e.reason());
    }

    /** The RFC 7606 action for a malformed attribute of this type (§7). */
    static ErrorAction malformAction(int type) {
        return switch (type) {
            case AttrType.ATOMIC_AGGREGATE, AttrType.AGGREGATOR, AttrType.AS4_PATH, AttrType.AS4_AGGREGATOR -> ErrorAction.ATTRIBUTE_DISCARD;
            case AttrType.MP_REACH_NLRI, AttrType.MP_UNREACH_NLRI -> ErrorAction.SESSION_RESET;
            default -> ErrorAction.TREAT_AS_WITHDRAW;
        };
    }

    /**
     * Encodes a set (without MP attributes) for a peer; {@code as4} false adds AS4_PATH and
     * AS4_AGGREGATOR as RFC 6793 §4.2.2 requires. Unknown transitive attributes go out with Partial set.
     */
    public static void encode(PathAttributes a, boolean as4, WireWriter w) {
        OriginAttr.encode(a, w);
        AsPathAttr.encode(a, as4, w);
        NextHopAttr.encode(a, w);
        MedAttr.encode(a, w);
        LocalPrefAttr.encode(a, w);
        AtomicAggregateAttr.encode(a, w);
        AggregatorAttr.encode(a, as4, w);
        CommunitiesAttr.encode(a, w);
        OriginatorIdAttr.encode(a, w);
        ClusterListAttr.encode(a, w);
        ExtCommunitiesAttr.encode(a, w);
        As4PathAttr.encode(a, as4, w);
        As4AggregatorAttr.encode(a, as4, w);
        LargeCommunitiesAttr.encode(a, w);
        RawAttribute[] u = a.unknown();
        if (u != null) for (RawAttribute r : u) r.encode(w, true);
    }

    public static byte[] encode(PathAttributes a, boolean as4) {
        WireWriter w = new WireWriter(128);
        encode(a, as4, w);
        return w.toByteArray();
    }
}
