package io.vroom.bgp;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.PeerInfo;
import io.vroom.bgp.session.SessionState;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BGP's {@code show} views as JSON-ready values in FRR's vocabulary and field names (so that
 * {@code vroom show bgp ...} reads like vtysh and its JSON can be compared with FRR's):
 * <ul>
 * <li>{@code summary} — the speaker and one entry per neighbour (FRR's {@code show bgp summary}).
 * <li>{@code ipv4-unicast[;after=PREFIX][;limit=N]} — one page of the table (FRR's
 *     {@code show bgp ipv4 unicast json}: prefix → paths), at most {@link #MAX_PAGE} prefixes;
 *     {@code next} names the cursor of the following page. A million routes are listed page by
 *     page, each built from a bounded scan ({@link BgpRib#locRibPage}), never as one value.
 * <li>{@code ipv4-unicast:PREFIX} — every path of one prefix (FRR's {@code show bgp ipv4 unicast
 *     PREFIX json}); an address without a length finds the longest match.
 * </ul>
 * Reads only; runs on the VR's thread like every other call.
 */
final class BgpShow {
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;
    private static final long NS_PER_MS = 1_000_000L;

    private BgpShow() {}

    static Object show(BgpProtocol bgp, long nowNs, String what) {
        try {
            if ("summary".equals(what)) return summary(bgp, nowNs);
            if (what.equals("ipv4-unicast") || what.startsWith("ipv4-unicast;")) return page(bgp, what);
            if (what.startsWith("ipv4-unicast:")) return detail(bgp, what.substring("ipv4-unicast:".length()));
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
        return null;
    }

    // ---- summary ------------------------------------------------------------------------------

    static Map<String, Object> summary(BgpProtocol bgp, long nowNs) {
        BgpRib rib = bgp.rib();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routerId", Ip4.format(bgp.routerId()));
        m.put("localAs", bgp.config().localAs());
        m.put("locRibPrefixes", rib == null ? 0 : rib.locRibSize());
        m.put("attributeSets", rib == null ? 0 : rib.attributes().size());
        m.put("treatAsWithdraw", bgp.treatAsWithdrawCount());
        m.put("attributeDiscard", bgp.attributeDiscardCount());
        m.put("unsendableRoutes", rib == null ? 0 : rib.unsendableRoutes());
        // RFC 4724 §4.1: started as the Restarting Speaker (forwarding state preserved), selection still deferred.
        m.put("restarted", bgp.restarted());
        m.put("selectionDeferred", bgp.selectionDeferred());
        List<Object> ns = new ArrayList<>();
        for (BgpProtocol.Peer p : bgp.peers()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("neighbor", Ip4.format(p.cfg.address()));
            n.put("version", 4);
            n.put("remoteAs", p.cfg.remoteAs());
            n.put("state", p.session.state().name());
            n.put("bgpState", frrState(p.session.state()));
            n.put("prefixesReceived", rib == null ? 0 : rib.adjRibInSize(p.slot));
            n.put("prefixesSent", rib == null ? 0 : rib.adjRibOutSize(p.slot));
            n.put("messagesIn", p.session.messagesIn());
            n.put("messagesOut", p.session.messagesOut());
            n.put("updatesIn", p.session.updatesIn());
            n.put("updatesOut", p.session.updatesOut());
            // FRR's Up/Down: time since the session last came up or went down (-1: never).
            n.put("upDownMs", p.upDownSinceNs < 0 || nowNs < 0 ? -1 : Math.max(0, (nowNs - p.upDownSinceNs) / NS_PER_MS));
            n.put("lastError", p.session.lastError());
            var g = p.session.negotiated() == null ? null : p.session.negotiated().peerGracefulRestart();
            if (g != null) { // the peer's graceful restart capability on the current session (RFC 4724 §3, RFC 8538 §2)
                Map<String, Object> gr = new LinkedHashMap<>();
                gr.put("rBit", g.restarting());
                gr.put("nBit", g.notification());
                gr.put("restartTimeSec", g.restartTimeSec());
                int i = g.afiSafis().indexOf(io.vroom.bgp.wire.Afi.IPV4_UNICAST);
                gr.put("ipv4UnicastFBit", i >= 0 && g.forwardingPreserved().get(i));
                n.put("peerGracefulRestart", gr);
            }
            n.put("endOfRibReceived", p.eorReceived);
            n.put("endOfRibSent", p.eorSent);
            ns.add(n);
        }
        m.put("neighbors", ns);
        return m;
    }

    /** FRR's names for the RFC 4271 states. */
    static String frrState(SessionState s) {
        return switch (s) {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }

    // ---- the table, one page at a time --------------------------------------------------------

    static Map<String, Object> page(BgpProtocol bgp, String what) {
        long after = -1;
        int limit = DEFAULT_PAGE;
        for (String part : what.split(";")) {
            if (part.startsWith("after=")) after = Nlri.key(Ip4Prefix.parse(part.substring(6)));
            else if (part.startsWith("limit=")) limit = Math.max(1, Math.min(MAX_PAGE, parseInt(part.substring(6))));
            else if (!part.equals("ipv4-unicast")) throw new IllegalArgumentException("unknown option '" + part + "' (after=PREFIX, limit=N)");
        }
        BgpRib rib = bgp.rib();
        Map<String, Object> m = header(bgp);
        Map<String, Object> routes = new LinkedHashMap<>();
        long[] keys = rib == null ? new long[0] : rib.locRibPage(after, limit);
        for (long k : keys) routes.put(Nlri.format(k), paths(rib, k, false));
        m.put("routes", routes);
        if (keys.length == limit) m.put("next", Nlri.format(keys[keys.length - 1]));
        return m;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + s + "'");
        }
    }

    private static Map<String, Object> header(BgpProtocol bgp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routerId", Ip4.format(bgp.routerId()));
        m.put("defaultLocPrf", 100);
        m.put("localAS", bgp.config().localAs());
        m.put("totalPrefixes", bgp.rib() == null ? 0 : bgp.rib().locRibSize());
        return m;
    }

    /** Every path of one prefix, the best first, in the fields of FRR's table ({@code detail}: of FRR's prefix view). */
    static List<Object> paths(BgpRib rib, long key, boolean detail) {
        List<Object> out = new ArrayList<>();
        int best = rib.bestSlot(key);
        if (best >= 0 && rib.adjIn(best, key) != null) out.add(path(rib, key, best, true, detail));
        for (int s = 0; s < rib.slots(); s++) {
            if (s == best || rib.peer(s) == null) continue;
            if (rib.adjIn(s, key) != null) out.add(path(rib, key, s, false, detail));
        }
        return out;
    }

    private static Map<String, Object> path(BgpRib rib, long key, int slot, boolean best, boolean detail) {
        PathAttributes a = rib.adjIn(slot, key);
        PeerInfo from = rib.peer(slot);
        Map<String, Object> p = new LinkedHashMap<>();
        String nh = a.hasNextHop() ? Ip4.format(a.nextHop()) : "0.0.0.0";
        String path = a.asPath() == null ? "" : a.asPath().toString();
        if (!detail) {
            p.put("valid", true);
            if (best) p.put("bestpath", true);
            p.put("pathFrom", from.ibgp() ? "internal" : "external");
            p.put("prefix", Ip4.format(Nlri.address(key)));
            p.put("prefixLen", Nlri.length(key));
            p.put("network", Nlri.format(key));
            if (a.med() >= 0) p.put("metric", a.med());
            if (a.localPref() >= 0) p.put("locPrf", a.localPref());
            p.put("weight", from.local() ? 32768 : 0);
            p.put("peerId", from.local() ? "(unspec)" : Ip4.format(from.peerAddress()));
            p.put("path", path);
            p.put("origin", origin(a.origin()));
            if (rib.isStale(slot, key)) p.put("stale", true);
            p.put("nexthops", List.of(nexthop(nh, false)));
            return p;
        }
        Map<String, Object> asPath = new LinkedHashMap<>();
        asPath.put("string", path.isEmpty() ? "Local" : path);
        asPath.put("length", a.asPath() == null ? 0 : a.asPath().pathLength());
        p.put("aspath", asPath);
        p.put("origin", origin(a.origin()));
        if (a.med() >= 0) p.put("metric", a.med());
        if (a.localPref() >= 0) p.put("localpref", a.localPref());
        p.put("weight", from.local() ? 32768 : 0);
        p.put("valid", true);
        if (from.local()) {
            p.put("sourced", true);
            p.put("local", true);
        }
        if (rib.isStale(slot, key)) p.put("stale", true);
        if (best) p.put("bestpath", Map.of("overall", true));
        if (a.atomicAggregate()) p.put("atomicAggregate", true);
        if (a.aggregatorAs() >= 0) p.put("aggregatorAs", a.aggregatorAs());
        if (a.communities() != null) p.put("community", strings(communities(a.communities())));
        if (a.extCommunities() != null) {
            List<String> ext = new ArrayList<>();
            for (long e : a.extCommunities()) ext.add(String.format("0x%016x", e));
            p.put("extendedCommunity", strings(ext));
        }
        if (a.largeCommunities() != null) p.put("largeCommunity", strings(largeCommunities(a.largeCommunities())));
        if (a.originatorId() >= 0) p.put("originatorId", Ip4.format((int) a.originatorId()));
        if (a.clusterList() != null) {
            List<String> cl = new ArrayList<>();
            for (int c : a.clusterList()) cl.add(Ip4.format(c));
            p.put("clusterList", Map.of("list", cl));
        }
        p.put("nexthops", List.of(nexthop(nh, true)));
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("peerId", from.local() ? "0.0.0.0" : Ip4.format(from.peerAddress()));
        peer.put("routerId", Ip4.format(from.local() ? rib.routerId() : from.peerId()));
        if (!from.local()) peer.put("type", from.ibgp() ? "internal" : "external");
        p.put("peer", peer);
        return p;
    }

    private static Map<String, Object> nexthop(String ip, boolean detail) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("ip", ip);
        h.put("afi", "ipv4");
        if (detail) h.put("accessible", true);
        h.put("used", true);
        return h;
    }

    private static Map<String, Object> strings(List<String> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("string", String.join(" ", items));
        m.put("list", items);
        return m;
    }

    static String origin(int o) {
        return switch (o) {
            case PathAttributes.ORIGIN_IGP -> "IGP";
            case PathAttributes.ORIGIN_EGP -> "EGP";
            default -> "incomplete";
        };
    }

    /** RFC 1997 communities as FRR writes them: well-known names, else ASN:VALUE. */
    static List<String> communities(int[] cs) {
        List<String> out = new ArrayList<>();
        for (int c : cs) {
            out.add(switch (c) {
                case io.vroom.bgp.attr.CommunitiesAttr.NO_EXPORT -> "no-export";
                case io.vroom.bgp.attr.CommunitiesAttr.NO_ADVERTISE -> "no-advertise";
                case io.vroom.bgp.attr.CommunitiesAttr.NO_EXPORT_SUBCONFED -> "local-AS";
                default -> (c >>> 16) + ":" + (c & 0xffff);
            });
        }
        return out;
    }

    static List<String> largeCommunities(int[] lc) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 2 < lc.length; i += 3) {
            out.add(Integer.toUnsignedString(lc[i]) + ":" + Integer.toUnsignedString(lc[i + 1]) + ":" + Integer.toUnsignedString(lc[i + 2]));
        }
        return out;
    }

    // ---- one prefix ---------------------------------------------------------------------------

    static Map<String, Object> detail(BgpProtocol bgp, String arg) {
        BgpRib rib = bgp.rib();
        long key;
        if (arg.contains("/")) {
            key = Nlri.key(Ip4Prefix.parse(arg));
        } else { // an address: the longest prefix in the table that holds it
            int addr = Ip4.parse(arg);
            key = -1;
            for (int len = 32; len >= 0 && key < 0; len--) {
                long k = Nlri.key(addr, len);
                if (rib != null && rib.bestSlot(k) >= 0) key = k;
            }
            if (key < 0) return Map.of();
        }
        if (rib == null || rib.bestSlot(key) < 0) return Map.of(); // FRR answers {} for a prefix not in the table
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prefix", Nlri.format(key));
        List<String> advertisedTo = new ArrayList<>();
        for (BgpProtocol.Peer p : bgp.peers()) if (rib.advertised(p.slot, key)) advertisedTo.add(Ip4.format(p.cfg.address()));
        m.put("advertisedTo", advertisedTo);
        m.put("paths", paths(rib, key, true));
        return m;
    }

}
