package io.vroom.ospf;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.lsa.ExternalLsa;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaBody;
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

/**
 * Originating our own LSAs (RFC 2328 §12.4): router-LSAs (§12.4.1), network-LSAs when DR
 * (§12.4.2), summary-LSAs as an ABR (§12.4.3, with the default summary into stub areas §12.4.3.1),
 * and AS-external-LSAs for redistributed routes (§12.4.4). Each run computes the LSAs we want, and
 * (re)originates only those that changed or need a refresh, at most once per MinLSInterval; LSAs
 * we no longer want are flushed by premature aging (§14.1).
 */
final class Origination {
    private Origination() {}

    /** What we want originated in one flooding scope. */
    private record Want(int options, LsaBody body) {}

    static final int AS_SCOPE = -1;

    static void run(Ospf o, long nowNs, ProtocolContext ctx) {
        TreeMap<Integer, TreeMap<LsaKey, Want>> want = desired(o);
        for (Map.Entry<Integer, TreeMap<LsaKey, Want>> s : want.entrySet()) {
            Lsdb db = s.getKey() == AS_SCOPE ? o.externals : o.areas.get(s.getKey()).lsdb;
            for (Map.Entry<LsaKey, Want> w : s.getValue().entrySet()) ensure(o, db, s.getKey(), w.getKey(), w.getValue(), nowNs);
        }
        // Flush what we originated earlier and no longer want.
        for (Area a : o.areas.values()) flushUnwanted(o, a.lsdb, a.areaId, want.getOrDefault(a.areaId, new TreeMap<>()), nowNs);
        flushUnwanted(o, o.externals, AS_SCOPE, want.getOrDefault(AS_SCOPE, new TreeMap<>()), nowNs);
    }

    private static TreeMap<Integer, TreeMap<LsaKey, Want>> desired(Ospf o) {
        TreeMap<Integer, TreeMap<LsaKey, Want>> out = new TreeMap<>();
        boolean abr = o.isAbr();
        for (Area a : o.areas.values()) {
            if (!o.areaActive(a.areaId)) continue;
            TreeMap<LsaKey, Want> m = out.computeIfAbsent(a.areaId, k -> new TreeMap<>());
            m.put(new LsaKey(LsaHeader.TYPE_ROUTER, o.routerId, o.routerId), new Want(a.options(), routerLsa(o, a, abr)));
            for (Iface i : o.ifaces.values()) {
                if (i.areaId != a.areaId || i.state != IsmState.DR) continue;
                List<Integer> attached = new ArrayList<>();
                for (Neighbor n : i.neighbors.values()) if (n.state == NsmState.FULL) attached.add(n.routerId);
                if (attached.isEmpty()) continue;
                attached.add(o.routerId);
                attached.sort(Integer::compareUnsigned);
                m.put(new LsaKey(LsaHeader.TYPE_NETWORK, i.address, o.routerId), new Want(a.options(), new NetworkLsa(i.mask(), attached)));
            }
            if (abr) summaries(o, a, m);
            if (a.nssa) nssaLsas(o, a, abr, m);
        }
        boolean anyExternalArea = false;
        for (Area a : o.areas.values()) anyExternalArea |= o.areaActive(a.areaId) && !a.noExternals();
        if (o.isAsbr() && anyExternalArea) {
            TreeMap<LsaKey, Want> m = out.computeIfAbsent(AS_SCOPE, k -> new TreeMap<>());
            for (Map.Entry<Ip4Prefix, OspfConfig.Redistribute> r : o.redistributed.entrySet()) {
                Ip4Prefix p = r.getKey();
                m.put(new LsaKey(LsaHeader.TYPE_EXTERNAL, p.address(), o.routerId),
                        new Want(Ospf.OPTION_E, new ExternalLsa(p.mask(), r.getValue().type2(), r.getValue().metric(), 0, 0)));
            }
            // RFC 3101 §3.2: type-7 routes this router translates (it is its NSSA's translator), as type-5.
            for (Map.Entry<Ip4Prefix, ExternalLsa> t : o.nssaTranslations.entrySet()) {
                m.putIfAbsent(new LsaKey(LsaHeader.TYPE_EXTERNAL, t.getKey().address(), o.routerId), new Want(Ospf.OPTION_E, t.getValue()));
            }
        }
        return out;
    }

    /**
     * Type-7 LSAs into an NSSA (RFC 3101 §2.3, §2.7): our redistributed routes, with the P bit (may be
     * translated) unless we are an ABR ourselves, and a forwarding address of ours in the NSSA; and,
     * on an ABR configured so, a type-7 default (P bit clear).
     */
    private static void nssaLsas(Ospf o, Area a, boolean abr, TreeMap<LsaKey, Want> m) {
        if (abr && a.nssaDefaultOriginate && !a.noSummary) {
            m.put(new LsaKey(LsaHeader.TYPE_NSSA, 0, o.routerId), new Want(0, new NssaLsa(0, true, a.stubDefaultCost, 0, 0)));
        }
        if (o.redistributed.isEmpty()) return;
        int fa = nssaForwardingAddress(o, a);
        int options = !abr && fa != 0 ? NssaLsa.OPTION_NP : 0;
        for (Map.Entry<Ip4Prefix, OspfConfig.Redistribute> r : o.redistributed.entrySet()) {
            Ip4Prefix p = r.getKey();
            m.putIfAbsent(new LsaKey(LsaHeader.TYPE_NSSA, p.address(), o.routerId),
                    new Want(options, new NssaLsa(p.mask(), r.getValue().type2(), r.getValue().metric(), fa, 0)));
        }
    }

    /** An address of ours in the NSSA for type-7 forwarding addresses (RFC 3101 §2.3): a passive interface's first, else any up. */
    static int nssaForwardingAddress(Ospf o, Area a) {
        int any = 0;
        for (Iface i : o.ifaces.values()) {
            if (i.areaId != a.areaId || i.state == IsmState.DOWN) continue;
            if (i.passive) return i.address;
            if (any == 0) any = i.address;
        }
        return any;
    }

    /** The router-LSA of one area (§12.4.1). */
    static RouterLsa routerLsa(Ospf o, Area a, boolean abr) {
        int flags = (abr ? RouterLsa.FLAG_B : 0) | (o.isAsbr() && !a.stub ? RouterLsa.FLAG_E : 0);
        List<RouterLsa.Link> links = new ArrayList<>();
        for (Iface i : o.ifaces.values()) {
            if (i.areaId != a.areaId || i.state == IsmState.DOWN) continue;
            RouterLsa.Link stub = new RouterLsa.Link(i.network(), i.mask(), RouterLsa.LINK_STUB, i.cost);
            if (i.passive) {
                links.add(stub);
            } else if (i.type == NetworkType.POINT_TO_POINT) {
                for (Neighbor n : i.neighbors.values()) {
                    if (n.state == NsmState.FULL) links.add(new RouterLsa.Link(n.routerId, i.address, RouterLsa.LINK_P2P, i.cost));
                }
                links.add(stub);
            } else {
                boolean transit = false;
                if (i.state == IsmState.DR) {
                    for (Neighbor n : i.neighbors.values()) transit |= n.state == NsmState.FULL;
                } else if (i.state != IsmState.WAITING) {
                    Neighbor dr = i.neighbors.get(i.dr);
                    transit = dr != null && dr.state == NsmState.FULL;
                }
                links.add(transit ? new RouterLsa.Link(i.dr, i.address, RouterLsa.LINK_TRANSIT, i.cost) : stub);
            }
        }
        return new RouterLsa(flags, links);
    }

    /**
     * Summary-LSAs an ABR originates into area {@code a} (§12.4.3): one per intra-area network of
     * another area, except those inside an address range of their own area, which are advertised as
     * the range (cost: the highest of its component networks) or, with not-advertise, not at all;
     * inter-area routes of the backbone into non-backbone areas; ASBR-summaries. A stub area gets a
     * default summary, and nothing else when it is totally stubby (no-summary).
     */
    private static void summaries(Ospf o, Area a, TreeMap<LsaKey, Want> m) {
        if (a.noSummary) { // totally stubby, or a totally NSSA (RFC 3101 §2.7: a type-3 default)
            stubDefault(o, a, m);
            return;
        }
        TreeMap<Ip4Prefix, Integer> rangeCost = new TreeMap<>();
        for (OspfRoute r : o.routes.values()) {
            if (r.cost() >= SummaryLsa.LS_INFINITY || r.areaId() == a.areaId) continue;
            boolean advertise = r.pathType() == OspfRoute.PathType.INTRA_AREA
                    || (r.pathType() == OspfRoute.PathType.INTER_AREA && r.areaId() == 0 && a.areaId != 0);
            if (!advertise) continue;
            if (r.pathType() == OspfRoute.PathType.INTRA_AREA) {
                Area from = o.areas.get(r.areaId());
                OspfConfig.AreaRange range = from == null ? null : from.rangeOf(r.prefix());
                if (range != null) {
                    if (range.advertise()) rangeCost.merge(range.prefix(), r.cost(), Math::max);
                    continue;
                }
            }
            offerSummary(o, a, m, r.prefix(), r.cost());
        }
        for (Map.Entry<Ip4Prefix, Integer> e : rangeCost.entrySet()) offerSummary(o, a, m, e.getKey(), e.getValue());
        if (a.stub) stubDefault(o, a, m);
        if (a.noExternals()) return; // no ASBR-summaries where no type-5 goes
        for (OspfRoute r : o.asbrRoutes.values()) {
            if (r.areaId() == a.areaId || r.cost() >= SummaryLsa.LS_INFINITY) continue;
            if (r.pathType() == OspfRoute.PathType.INTER_AREA && (r.areaId() != 0 || a.areaId == 0)) continue;
            m.put(new LsaKey(LsaHeader.TYPE_ASBR_SUMMARY, r.prefix().address(), o.routerId),
                    new Want(a.options(), new SummaryLsa(LsaHeader.TYPE_ASBR_SUMMARY, 0, r.cost())));
        }
    }

    /** The default summary into a stub area (§12.4.3.1). */
    private static void stubDefault(Ospf o, Area a, TreeMap<LsaKey, Want> m) {
        m.put(new LsaKey(LsaHeader.TYPE_SUMMARY, 0, o.routerId), new Want(a.options(), new SummaryLsa(LsaHeader.TYPE_SUMMARY, 0, a.stubDefaultCost)));
    }

    /**
     * Wants a type-3 summary for {@code p}. Two prefixes with the same address but different masks
     * (a range and a network inside it, say) would share a link state id: as in Appendix E, the more
     * specific one takes the id with its host bits set. Of two wants for the same prefix the cheaper wins.
     */
    private static void offerSummary(Ospf o, Area a, TreeMap<LsaKey, Want> m, Ip4Prefix p, int cost) {
        LsaKey k = new LsaKey(LsaHeader.TYPE_SUMMARY, p.address(), o.routerId);
        Want want = new Want(a.options(), new SummaryLsa(LsaHeader.TYPE_SUMMARY, p.mask(), cost));
        Want prev = m.get(k);
        if (prev == null) {
            m.put(k, want);
            return;
        }
        int prevMask = ((SummaryLsa) prev.body).mask();
        if (prevMask == p.mask()) {
            if (((SummaryLsa) prev.body).metric() > cost) m.put(k, want);
            return;
        }
        // Appendix E: the longer mask moves to address | ~mask (impossible for a host route, which then loses).
        boolean newIsLonger = Integer.compareUnsigned(p.mask(), prevMask) > 0;
        Want longer = newIsLonger ? want : prev;
        int longerMask = newIsLonger ? p.mask() : prevMask;
        if (longerMask == -1) return;
        if (!newIsLonger) m.put(k, want);
        LsaKey moved = new LsaKey(LsaHeader.TYPE_SUMMARY, p.address() | ~longerMask, o.routerId);
        Want there = m.get(moved);
        if (there == null || (((SummaryLsa) there.body).mask() == longerMask && ((SummaryLsa) there.body).metric() > ((SummaryLsa) longer.body).metric())) {
            m.put(moved, longer);
        }
    }

    /** Originates {@code w} unless the database already holds exactly it (and it needs no refresh). */
    private static void ensure(Ospf o, Lsdb db, int scope, LsaKey key, Want w, long nowNs) {
        LsaEntry e = db.get(key);
        Integer ownSeq = o.ownSeq.get(key);
        boolean ours = e != null && ownSeq != null && ownSeq == e.lsa.header().seq();
        if (e != null && ours && !e.maxAged(nowNs) && e.lsa.body().equals(w.body) && e.lsa.header().options() == w.options
                && e.ageSec(nowNs) < Ospf.LS_REFRESH_TIME_SEC) {
            return;
        }
        Long last = o.lastOriginatedNs.get(key);
        if (last != null && nowNs - last < Ospf.MIN_LS_INTERVAL_NS) {
            o.originateDeadlineNs = Math.min(o.originateDeadlineNs, last + Ospf.MIN_LS_INTERVAL_NS);
            return;
        }
        int seq = e == null ? LsaHeader.INITIAL_SEQ : e.lsa.header().seq() + 1;
        if (e != null && e.lsa.header().seq() == LsaHeader.MAX_SEQ) {
            // §12.1.6: flush the MaxSeq instance first; origination resumes with InitialSequenceNumber once it is gone.
            if (!e.maxAged(nowNs)) flush(o, db, scope, e, nowNs);
            o.originateDeadlineNs = Math.min(o.originateDeadlineNs, nowNs + Ospf.SEC);
            return;
        }
        Lsa lsa = Lsa.build(0, w.options, key.lsId(), o.routerId, seq, w.body);
        Flooding.removeFromRetransmitLists(o, key, scope);
        Flooding.install(o, db, lsa, nowNs);
        Flooding.flood(o, lsa, scope, null, null, nowNs);
        o.lastOriginatedNs.put(key, nowNs);
        o.ownSeq.put(key, seq);
    }

    private static void flushUnwanted(Ospf o, Lsdb db, int scope, TreeMap<LsaKey, Want> want, long nowNs) {
        for (LsaEntry e : new ArrayList<>(db.entries.values())) {
            if (want.containsKey(e.lsa.key()) || e.maxAged(nowNs) || !Flooding.selfOriginated(o, e.lsa)) continue;
            flush(o, db, scope, e, nowNs);
        }
    }

    /** Premature aging (§14.1): set the age to MaxAge and flood. */
    private static void flush(Ospf o, Lsdb db, int scope, LsaEntry e, long nowNs) {
        Lsa dead = e.lsa.withAge(LsaHeader.MAX_AGE_SEC);
        Flooding.removeFromRetransmitLists(o, dead.key(), scope);
        Flooding.install(o, db, dead, nowNs);
        db.get(dead.key()).maxAgeFlooded = true;
        Flooding.flood(o, dead, scope, null, null, nowNs);
        o.ownSeq.remove(dead.key());
    }

    /**
     * We received a newer instance of one of our own LSAs (§13.4): the next origination run either
     * re-originates it with a higher sequence number or flushes it.
     */
    static void receivedSelfOriginated(Ospf o, Lsdb db, Lsa lsa, long nowNs) {
        o.ownSeq.remove(lsa.key());
        o.originatePending = true;
    }

    /** On shutdown: flush everything we originated. */
    static void flushAll(Ospf o, long nowNs, ProtocolContext ctx) {
        for (Area a : o.areas.values()) flushUnwanted(o, a.lsdb, a.areaId, new TreeMap<>(), nowNs);
        flushUnwanted(o, o.externals, AS_SCOPE, new TreeMap<>(), nowNs);
    }
}
