package io.vroom.ospf;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.lsa.ExternalLsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import io.vroom.ospf.packet.lsa.NetworkLsa;
import io.vroom.ospf.packet.lsa.NssaLsa;
import io.vroom.ospf.packet.lsa.RouterLsa;
import io.vroom.ospf.packet.lsa.SummaryLsa;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routing table calculation (RFC 2328 §16): per area, Dijkstra over router and network
 * vertices with equal-cost multipath next hops (§16.1, §16.1.1); inter-area routes from summary
 * LSAs (§16.2); AS-external routes of type 1 and 2 (§16.4). The result replaces {@link
 * Ospf#routes}, and only its differences reach the RIB.
 */
final class Spf {
    private Spf() {}

    private static final class Vertex {
        final int type;
        final int id;
        final LsaEntry entry;
        long dist = Long.MAX_VALUE;
        final TreeSet<NextHop> nextHops = new TreeSet<>();
        /** A network vertex directly attached to the root (§16.1.1). */
        boolean attached;
        boolean done;

        Vertex(int type, int id, LsaEntry entry) {
            this.type = type;
            this.id = id;
            this.entry = entry;
        }
    }

    /** A candidate-list entry; network vertices before routers at equal distance (§16.1 step 3). */
    private record Candidate(long dist, int type, int id) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int c = Long.compare(dist, o.dist);
            if (c != 0) return c;
            c = Integer.compare(o.type, type);
            return c != 0 ? c : Integer.compareUnsigned(id, o.id);
        }
    }

    private static long vkey(int type, int id) {
        return ((long) type << 32) | (id & 0xffffffffL);
    }

    /** A border router (ABR and/or ASBR, per its router-LSA flags) and our route to it, for show. */
    record BorderRoute(int routerId, int flags, OspfRoute route) {}

    /** A route to an area border or AS boundary router within one area. */
    private record RouterRoute(int routerId, int flags, long cost, TreeSet<NextHop> nextHops) {}

    static void run(Ospf o, long nowNs, ProtocolContext ctx) {
        o.spfRuns++;
        o.lastSpfNs = nowNs;
        TreeMap<Ip4Prefix, OspfRoute> table = new TreeMap<>();
        TreeMap<Integer, TreeMap<Integer, RouterRoute>> routers = new TreeMap<>(UnsignedOrder.INSTANCE);
        for (Area a : o.areas.values()) {
            if (o.areaActive(a.areaId)) routers.put(a.areaId, intraArea(o, a, nowNs, table));
        }
        TreeMap<Integer, OspfRoute> asbrs = new TreeMap<>(UnsignedOrder.INSTANCE);
        for (Map.Entry<Integer, TreeMap<Integer, RouterRoute>> e : routers.entrySet()) {
            if (o.areas.get(e.getKey()).nssa) continue; // NSSA ASBRs reach the AS through type-7 and their translator
            for (RouterRoute r : e.getValue().values()) {
                if ((r.flags & RouterLsa.FLAG_E) != 0) better(asbrs, r.routerId, new OspfRoute(Ip4Prefix.host(r.routerId),
                        OspfRoute.PathType.INTRA_AREA, (int) r.cost, 0, new ArrayList<>(r.nextHops), e.getKey()));
            }
        }
        ArrayList<BorderRoute> border = new ArrayList<>();
        for (Map.Entry<Integer, TreeMap<Integer, RouterRoute>> e : routers.entrySet()) {
            for (RouterRoute r : e.getValue().values()) {
                border.add(new BorderRoute(r.routerId, r.flags, new OspfRoute(Ip4Prefix.host(r.routerId), OspfRoute.PathType.INTRA_AREA,
                        (int) r.cost, 0, new ArrayList<>(r.nextHops), e.getKey())));
            }
        }
        interArea(o, nowNs, table, routers, asbrs);
        for (OspfRoute r : asbrs.values()) {
            if (r.pathType() == OspfRoute.PathType.INTER_AREA) border.add(new BorderRoute(r.prefix().address(), RouterLsa.FLAG_E, r));
        }
        external(o, nowNs, table, asbrs, routers);
        o.routes.clear();
        o.routes.putAll(table);
        o.asbrRoutes.clear();
        o.asbrRoutes.putAll(asbrs);
        o.borderRoutes.clear();
        o.borderRoutes.addAll(border);
        toRib(o, ctx);
        o.originatePending = true; // summaries depend on the routing table
    }

    private static TreeMap<Integer, RouterRoute> intraArea(Ospf o, Area a, long nowNs, TreeMap<Ip4Prefix, OspfRoute> table) {
        TreeMap<Integer, RouterRoute> borderRouters = new TreeMap<>(UnsignedOrder.INSTANCE);
        Lsdb db = a.lsdb;
        LsaEntry rootEntry = db.get(new LsaKey(LsaHeader.TYPE_ROUTER, o.routerId, o.routerId));
        if (rootEntry == null || rootEntry.maxAged(nowNs)) return borderRouters;
        TreeMap<Long, Vertex> vs = new TreeMap<>();
        TreeSet<Candidate> cands = new TreeSet<>();
        Vertex root = new Vertex(LsaHeader.TYPE_ROUTER, o.routerId, rootEntry);
        root.dist = 0;
        vs.put(vkey(root.type, root.id), root);
        cands.add(new Candidate(0, root.type, root.id));
        List<Vertex> order = new ArrayList<>();
        while (!cands.isEmpty()) {
            Candidate c = cands.pollFirst();
            Vertex v = vs.get(vkey(c.type, c.id));
            if (v.done || v.dist != c.dist) continue;
            v.done = true;
            order.add(v);
            if (v.entry.lsa.body() instanceof RouterLsa rl) {
                for (RouterLsa.Link l : rl.links()) {
                    Vertex w;
                    if (l.linkType() == RouterLsa.LINK_P2P) {
                        w = vertex(vs, db, LsaHeader.TYPE_ROUTER, l.id(), l.id(), nowNs);
                        if (w == null || !(w.entry.lsa.body() instanceof RouterLsa wl) || !hasLink(wl, RouterLsa.LINK_P2P, v.id)) continue;
                    } else if (l.linkType() == RouterLsa.LINK_TRANSIT) {
                        w = networkVertex(vs, db, l.id(), nowNs);
                        if (w == null || !((NetworkLsa) w.entry.lsa.body()).attachedRouters().contains(v.id)) continue;
                    } else {
                        continue;
                    }
                    relax(o, a, root, v, w, l, v.dist + l.metric(), cands);
                }
            } else if (v.entry.lsa.body() instanceof NetworkLsa nl) {
                for (int r : nl.attachedRouters()) {
                    Vertex w = vertex(vs, db, LsaHeader.TYPE_ROUTER, r, r, nowNs);
                    if (w == null || !(w.entry.lsa.body() instanceof RouterLsa wl) || !hasLink(wl, RouterLsa.LINK_TRANSIT, v.id)) continue;
                    relax(o, a, root, v, w, null, v.dist, cands);
                }
            }
        }
        // Routes: transit networks, then stub links (§16.1 step 2), in the order vertices were reached.
        for (Vertex v : order) {
            if (v.entry.lsa.body() instanceof NetworkLsa nl) {
                Ip4Prefix p = prefix(v.id, nl.mask());
                if (p != null) addIntra(table, p, v.dist, v.nextHops, a.areaId);
            }
        }
        for (Vertex v : order) {
            if (!(v.entry.lsa.body() instanceof RouterLsa rl)) continue;
            if (v != root && (rl.flags() & (RouterLsa.FLAG_B | RouterLsa.FLAG_E)) != 0) {
                borderRouters.put(v.id, new RouterRoute(v.id, rl.flags(), v.dist, v.nextHops));
            }
            for (RouterLsa.Link l : rl.links()) {
                if (l.linkType() != RouterLsa.LINK_STUB) continue;
                Ip4Prefix p = prefix(l.id(), l.data());
                if (p == null) continue;
                TreeSet<NextHop> nh = v.nextHops;
                if (v == root) {
                    nh = new TreeSet<>();
                    for (Iface i : o.ifaces.values()) {
                        if (i.areaId == a.areaId && i.state != IsmState.DOWN && i.network() == p.address() && i.prefixLength == p.length()) nh.add(NextHop.onLink(i.ifIndex));
                    }
                }
                addIntra(table, p, v.dist + l.metric(), nh, a.areaId);
            }
        }
        return borderRouters;
    }

    private static Vertex vertex(TreeMap<Long, Vertex> vs, Lsdb db, int type, int id, int adv, long nowNs) {
        Vertex v = vs.get(vkey(type, id));
        if (v != null) return v;
        LsaEntry e = db.get(new LsaKey(type, id, adv));
        if (e == null || e.maxAged(nowNs)) return null;
        v = new Vertex(type, id, e);
        vs.put(vkey(type, id), v);
        return v;
    }

    private static Vertex networkVertex(TreeMap<Long, Vertex> vs, Lsdb db, int lsId, long nowNs) {
        Vertex v = vs.get(vkey(LsaHeader.TYPE_NETWORK, lsId));
        if (v != null) return v;
        for (LsaEntry e : db.byId(LsaHeader.TYPE_NETWORK, lsId).values()) {
            if (e.maxAged(nowNs)) continue;
            v = new Vertex(LsaHeader.TYPE_NETWORK, lsId, e);
            vs.put(vkey(LsaHeader.TYPE_NETWORK, lsId), v);
            return v;
        }
        return null;
    }

    private static boolean hasLink(RouterLsa rl, int type, int id) {
        for (RouterLsa.Link l : rl.links()) if (l.linkType() == type && l.id() == id) return true;
        return false;
    }

    private static void relax(Ospf o, Area a, Vertex root, Vertex v, Vertex w, RouterLsa.Link link, long d, TreeSet<Candidate> cands) {
        if (w.done || d > w.dist) return;
        TreeSet<NextHop> hops = nextHops(o, a, root, v, w, link);
        if (d < w.dist) {
            w.dist = d;
            w.nextHops.clear();
            w.attached = false;
            cands.add(new Candidate(d, w.type, w.id));
        }
        w.nextHops.addAll(hops);
        if (v == root && w.type == LsaHeader.TYPE_NETWORK) w.attached = true;
    }

    /** The next hops of §16.1.1. */
    private static TreeSet<NextHop> nextHops(Ospf o, Area a, Vertex root, Vertex v, Vertex w, RouterLsa.Link link) {
        TreeSet<NextHop> out = new TreeSet<>();
        if (v == root) {
            Iface i = null;
            for (Iface x : o.ifaces.values()) if (x.areaId == a.areaId && x.address == link.data() && x.state != IsmState.DOWN) i = x;
            if (i == null) return out;
            if (w.type == LsaHeader.TYPE_NETWORK) {
                out.add(NextHop.onLink(i.ifIndex));
            } else {
                int gw = 0;
                for (RouterLsa.Link back : ((RouterLsa) w.entry.lsa.body()).links()) {
                    if (back.linkType() == RouterLsa.LINK_P2P && back.id() == root.id && i.onSubnet(back.data())) gw = back.data();
                }
                if (gw == 0) {
                    Neighbor n = i.neighborByRouterId(w.id);
                    if (n != null) gw = n.address;
                }
                out.add(new NextHop(i.ifIndex, gw));
            }
        } else if (v.attached && w.type == LsaHeader.TYPE_ROUTER) {
            int gw = 0;
            for (RouterLsa.Link back : ((RouterLsa) w.entry.lsa.body()).links()) {
                if (back.linkType() == RouterLsa.LINK_TRANSIT && back.id() == v.id) gw = back.data();
            }
            for (NextHop h : v.nextHops) out.add(new NextHop(h.ifIndex(), gw));
        } else {
            out.addAll(v.nextHops);
        }
        return out;
    }

    /** The prefix of an address and a mask; null if the mask is not contiguous. */
    static Ip4Prefix prefix(int address, int mask) {
        int len = Integer.bitCount(mask);
        if (mask != (len == 0 ? 0 : -1 << (32 - len))) return null;
        return new Ip4Prefix(address, len);
    }

    private static void addIntra(TreeMap<Ip4Prefix, OspfRoute> table, Ip4Prefix p, long cost, TreeSet<NextHop> nh, int areaId) {
        if (nh.isEmpty() || cost >= SummaryLsa.LS_INFINITY) return;
        offer(table, new OspfRoute(p, OspfRoute.PathType.INTRA_AREA, (int) cost, 0, new ArrayList<>(nh), areaId));
    }

    /** Keeps the better of two routes for a prefix (§16.4.1 order), merging next hops on a tie (ECMP). */
    private static void offer(TreeMap<Ip4Prefix, OspfRoute> table, OspfRoute r) {
        OspfRoute old = table.get(r.prefix());
        if (old == null) {
            table.put(r.prefix(), r);
            return;
        }
        int c = r.pathType().compareTo(old.pathType());
        if (c == 0) c = Integer.compare(r.cost(), old.cost());
        if (c == 0) c = Integer.compare(r.cost2(), old.cost2());
        if (c < 0) {
            table.put(r.prefix(), r);
        } else if (c == 0) {
            TreeSet<NextHop> merged = new TreeSet<>(old.nextHops());
            merged.addAll(r.nextHops());
            table.put(r.prefix(), new OspfRoute(r.prefix(), r.pathType(), r.cost(), r.cost2(), new ArrayList<>(merged),
                    Integer.compareUnsigned(old.areaId(), r.areaId()) <= 0 ? old.areaId() : r.areaId()));
        }
    }

    private static void better(TreeMap<Integer, OspfRoute> asbrs, int rid, OspfRoute r) {
        TreeMap<Ip4Prefix, OspfRoute> t = new TreeMap<>();
        OspfRoute old = asbrs.get(rid);
        if (old != null) t.put(old.prefix(), old);
        offer(t, r);
        asbrs.put(rid, t.get(r.prefix()));
    }

    /** Inter-area routes (§16.2): summaries of the backbone if we are an ABR, else of our area. */
    private static void interArea(Ospf o, long nowNs, TreeMap<Ip4Prefix, OspfRoute> table,
                                  TreeMap<Integer, TreeMap<Integer, RouterRoute>> routers, TreeMap<Integer, OspfRoute> asbrs) {
        boolean abr = o.isAbr();
        for (Map.Entry<Integer, TreeMap<Integer, RouterRoute>> ae : routers.entrySet()) {
            int areaId = ae.getKey();
            if (abr && areaId != 0) continue;
            Lsdb db = o.areas.get(areaId).lsdb;
            for (int type = LsaHeader.TYPE_SUMMARY; type <= LsaHeader.TYPE_ASBR_SUMMARY; type++) {
                for (LsaEntry e : db.byType(type).values()) {
                    LsaHeader h = e.lsa.header();
                    SummaryLsa s = (SummaryLsa) e.lsa.body();
                    if (e.maxAged(nowNs) || s.metric() >= SummaryLsa.LS_INFINITY || h.advRouter() == o.routerId) continue;
                    RouterRoute br = ae.getValue().get(h.advRouter());
                    if (br == null || (br.flags & RouterLsa.FLAG_B) == 0) continue;
                    long cost = br.cost + s.metric();
                    if (cost >= SummaryLsa.LS_INFINITY) continue;
                    if (type == LsaHeader.TYPE_SUMMARY) {
                        Ip4Prefix p = prefix(h.lsId(), s.mask());
                        if (p == null) continue;
                        offer(table, new OspfRoute(p, OspfRoute.PathType.INTER_AREA, (int) cost, 0, new ArrayList<>(br.nextHops), areaId));
                    } else if (h.lsId() != o.routerId) {
                        better(asbrs, h.lsId(), new OspfRoute(Ip4Prefix.host(h.lsId()), OspfRoute.PathType.INTER_AREA, (int) cost, 0,
                                new ArrayList<>(br.nextHops), areaId));
                    }
                }
            }
        }
    }

    /** AS-external routes (§16.4). */
    private static void external(Ospf o, long nowNs, TreeMap<Ip4Prefix, OspfRoute> table, TreeMap<Integer, OspfRoute> asbrs,
                                 TreeMap<Integer, TreeMap<Integer, RouterRoute>> routers) {
        TreeMap<Ip4Prefix, OspfRoute> internal = new TreeMap<>(table);
        type5(o, nowNs, table, asbrs, internal);
        nssa(o, nowNs, table, routers, internal);
    }

    private static void type5(Ospf o, long nowNs, TreeMap<Ip4Prefix, OspfRoute> table, TreeMap<Integer, OspfRoute> asbrs,
                              TreeMap<Ip4Prefix, OspfRoute> internal) {
        for (LsaEntry e : o.externals.entries.values()) {
            LsaHeader h = e.lsa.header();
            ExternalLsa x = (ExternalLsa) e.lsa.body();
            if (e.maxAged(nowNs) || x.metric() >= SummaryLsa.LS_INFINITY || h.advRouter() == o.routerId) continue;
            OspfRoute asbr = asbrs.get(h.advRouter());
            if (asbr == null) continue;
            Ip4Prefix p = prefix(h.lsId(), x.mask());
            if (p == null) continue;
            OspfRoute via = asbr;
            if (x.forwardingAddress() != 0) {
                via = towardForwardingAddress(longestMatch(internal, x.forwardingAddress()), x.forwardingAddress());
                if (via == null) continue;
            }
            offer(table, externalRoute(p, x.type2(), x.metric(), via));
        }
    }

    /** An external route through {@code via} (the ASBR, or the route to the forwarding address) per §16.4 step 6. */
    private static OspfRoute externalRoute(Ip4Prefix p, boolean type2, int metric, OspfRoute via) {
        return type2
                ? new OspfRoute(p, OspfRoute.PathType.EXTERNAL_2, metric, via.cost(), via.nextHops(), via.areaId())
                : new OspfRoute(p, OspfRoute.PathType.EXTERNAL_1, via.cost() + metric, 0, via.nextHops(), via.areaId());
    }

    /**
     * NSSA-external routes (RFC 3101 §2.5) from each attached NSSA's type-7 LSAs: the ASBR must be
     * reachable inside that NSSA, and a non-zero forwarding address through an intra-area route of
     * it. Of a type-5 and a type-7 route that are otherwise equal, the type-5 one is kept (step 6e).
     * An ABR that is its NSSA's translator (the highest router id among the NSSA's reachable border
     * routers, §3.1) records the selected P-bit routes with a forwarding address for translation.
     */
    private static void nssa(Ospf o, long nowNs, TreeMap<Ip4Prefix, OspfRoute> table, TreeMap<Integer, TreeMap<Integer, RouterRoute>> routers,
                             TreeMap<Ip4Prefix, OspfRoute> internal) {
        TreeMap<Ip4Prefix, ExternalLsa> translate = new TreeMap<>();
        TreeMap<Ip4Prefix, OspfRoute> type5 = new TreeMap<>();
        for (OspfRoute r : table.values()) if (r.pathType().compareTo(OspfRoute.PathType.EXTERNAL_1) >= 0) type5.put(r.prefix(), r);
        boolean abr = o.isAbr();
        for (Map.Entry<Integer, TreeMap<Integer, RouterRoute>> ae : routers.entrySet()) {
            Area a = o.areas.get(ae.getKey());
            if (!a.nssa) continue;
            boolean translator = abr;
            for (RouterRoute br : ae.getValue().values()) {
                if ((br.flags & RouterLsa.FLAG_B) != 0 && Integer.compareUnsigned(br.routerId, o.routerId) > 0) translator = false;
            }
            for (LsaEntry e : a.lsdb.byType(LsaHeader.TYPE_NSSA).values()) {
                LsaHeader h = e.lsa.header();
                NssaLsa x = (NssaLsa) e.lsa.body();
                if (e.maxAged(nowNs) || x.metric() >= SummaryLsa.LS_INFINITY || h.advRouter() == o.routerId) continue;
                RouterRoute asbr = ae.getValue().get(h.advRouter());
                if (asbr == null) continue;
                Ip4Prefix p = prefix(h.lsId(), x.mask());
                if (p == null) continue;
                OspfRoute via = new OspfRoute(Ip4Prefix.host(asbr.routerId), OspfRoute.PathType.INTRA_AREA, (int) asbr.cost, 0,
                        new ArrayList<>(asbr.nextHops), a.areaId);
                if (x.forwardingAddress() != 0) {
                    via = towardForwardingAddress(longestMatch(internal, x.forwardingAddress()), x.forwardingAddress());
                    if (via == null || via.pathType() != OspfRoute.PathType.INTRA_AREA || via.areaId() != a.areaId) continue;
                }
                OspfRoute r = externalRoute(p, x.type2(), x.metric(), via);
                OspfRoute t5 = type5.get(p);
                if (t5 != null && t5.pathType() == r.pathType() && t5.cost() == r.cost() && t5.cost2() == r.cost2()) continue;
                OspfRoute before = table.get(p);
                offer(table, r);
                boolean selected = table.get(p) != before;
                if (selected && translator && (h.options() & NssaLsa.OPTION_NP) != 0 && x.forwardingAddress() != 0) {
                    translate.put(p, x.asExternal());
                } else if (selected) {
                    translate.remove(p);
                }
            }
        }
        // Keep a translation only where the type-7 route is the one finally selected.
        translate.keySet().removeIf(p -> table.get(p) == null || type5.get(p) == table.get(p));
        o.nssaTranslations.clear();
        o.nssaTranslations.putAll(translate);
    }

    /**
     * The route to a forwarding address, with next hops that lead to it: on a directly attached
     * network the forwarding address itself is the gateway (§16.4 step 6, §16.1.1), not "on link".
     */
    private static OspfRoute towardForwardingAddress(OspfRoute r, int fa) {
        if (r == null) return null;
        List<NextHop> hops = new ArrayList<>();
        for (NextHop h : r.nextHops()) hops.add(h.gateway() == 0 ? new NextHop(h.ifIndex(), fa) : h);
        return new OspfRoute(r.prefix(), r.pathType(), r.cost(), r.cost2(), hops, r.areaId());
    }

    private static OspfRoute longestMatch(TreeMap<Ip4Prefix, OspfRoute> t, int addr) {
        for (int len = 32; len >= 0; len--) {
            OspfRoute r = t.get(new Ip4Prefix(addr, len));
            if (r != null) return r;
        }
        return null;
    }

    /** Sends the differences between the new table and what the RIB has from us. */
    private static void toRib(Ospf o, ProtocolContext ctx) {
        TreeMap<Ip4Prefix, Route> next = new TreeMap<>();
        for (OspfRoute r : o.routes.values()) {
            if (r.nextHops().isEmpty()) continue;
            next.put(r.prefix(), Route.of(r.prefix(), RouteSource.OSPF, r.cost(), r.nextHops()));
        }
        for (Ip4Prefix p : new ArrayList<>(o.installed.keySet())) {
            if (!next.containsKey(p)) {
                ctx.withdrawRoute(RouteSource.OSPF, p);
                o.installed.remove(p);
            }
        }
        for (Route r : next.values()) {
            if (!r.equals(o.installed.get(r.prefix()))) {
                ctx.updateRoute(r);
                o.installed.put(r.prefix(), r);
            }
        }
    }
}
