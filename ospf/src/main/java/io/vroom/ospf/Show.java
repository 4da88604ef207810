package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.rib.NextHop;
import io.vroom.ospf.packet.OspfPacket;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.ospf.packet.lsa.ExternalLsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.RouterLsa;
import io.vroom.ospf.packet.lsa.SummaryLsa;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operational state as JSON-ready maps, using the field names of FRR's {@code show ip ospf ... json}. */
final class Show {
    private Show() {}

    static Object show(Ospf o, String what, long nowNs) {
        return switch (what == null ? "" : what) {
            case "neighbor" -> neighbors(o, nowNs);
            case "interface" -> interfaces(o, nowNs);
            case "database" -> database(o, nowNs);
            case "route" -> routes(o);
            default -> summary(o);
        };
    }

    private static Map<String, Object> summary(Ospf o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routerId", Ip4.format(o.routerId));
        m.put("abrType", "cisco");
        m.put("areaBorderRouter", o.isAbr());
        m.put("asbrRouter", o.isAsbr());
        m.put("spfRuns", o.spfRuns);
        m.put("lsaExternalCounter", o.externals.size());
        m.put("attachedAreaCounter", o.areas.size());
        return m;
    }

    private static Map<String, Object> neighbors(Ospf o, long nowNs) {
        Map<String, Object> byRid = new LinkedHashMap<>();
        for (Iface i : o.ifaces.values()) {
            for (Neighbor n : i.neighbors.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("priority", n.priority);
                m.put("nbrPriority", n.priority);
                String role = i.type == NetworkType.POINT_TO_POINT ? "DROther"
                        : n.address == i.dr ? "DR" : n.address == i.bdr ? "Backup" : "DROther";
                m.put("state", n.state.display + "/" + role);
                m.put("nbrState", n.state.display + "/" + role);
                m.put("converged", n.state == NsmState.FULL ? "Full" : n.state.display);
                m.put("role", role);
                m.put("upTimeInMsec", Math.max(0, (nowNs - n.lastStateChangeNs) / 1_000_000));
                m.put("deadTimeMsecs", n.inactivityDeadlineNs == Long.MAX_VALUE ? 0 : Math.max(0, (n.inactivityDeadlineNs - nowNs) / 1_000_000));
                m.put("address", Ip4.format(n.address));
                m.put("ifaceAddress", Ip4.format(n.address));
                m.put("ifaceName", i.name + ":" + Ip4.format(i.address));
                m.put("retransmitCounter", n.retransmit.size());
                m.put("requestCounter", n.lsRequests.size());
                m.put("dbSummaryCounter", n.dbSummary.size());
                m.put("stateChangeCounter", n.stateChanges);
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) byRid.computeIfAbsent(Ip4.format(n.routerId), k -> new ArrayList<>());
                l.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("neighbors", byRid);
        return out;
    }

    private static Map<String, Object> interfaces(Ospf o, long nowNs) {
        Map<String, Object> ifs = new LinkedHashMap<>();
        for (Iface i : o.ifaces.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ifUp", i.linkUp);
            m.put("ipAddress", Ip4.format(i.address));
            m.put("ipAddressPrefixlen", i.prefixLength);
            Area ia = o.areas.get(i.areaId);
            m.put("area", Ip4.format(i.areaId) + (ia.stub ? " [Stub]" : ia.nssa ? " [NSSA]" : ""));
            m.put("routerId", Ip4.format(o.routerId));
            m.put("networkType", i.type == NetworkType.POINT_TO_POINT ? "POINTOPOINT" : "BROADCAST");
            m.put("cost", i.cost);
            m.put("state", i.state.display);
            m.put("priority", i.priority);
            m.put("passive", i.passive);
            m.put("mtuBytes", i.mtu);
            if (i.type == NetworkType.BROADCAST) {
                if (i.dr != 0) m.put("drId", Ip4.format(routerIdOf(o, i, i.dr)));
                m.put("drAddress", Ip4.format(i.dr));
                if (i.bdr != 0) m.put("bdrId", Ip4.format(routerIdOf(o, i, i.bdr)));
                m.put("bdrAddress", Ip4.format(i.bdr));
            }
            m.put("timerMsecs", i.helloIntervalSec * 1000L);
            m.put("timerDeadSecs", i.deadIntervalSec);
            m.put("timerWaitSecs", i.deadIntervalSec);
            m.put("timerRetransmitSecs", i.retransmitIntervalSec);
            m.put("transmitDelaySecs", i.transmitDelaySec);
            m.put("timerHelloInMsecs", i.helloDeadlineNs == Long.MAX_VALUE ? 0 : Math.max(0, (i.helloDeadlineNs - nowNs) / 1_000_000));
            m.put("authentication", i.auth.typeName());
            if (i.auth.auType() == io.vroom.ospf.packet.Auth.CRYPTO) {
                m.put("authenticationKeyId", i.auth.keyId());
                m.put("authenticationKeys", i.auth.keys().size());
            }
            int full = 0;
            for (Neighbor n : i.neighbors.values()) if (n.state == NsmState.FULL) full++;
            m.put("nbrCount", i.neighbors.size());
            m.put("nbrAdjacentCount", full);
            Map<String, Object> c = new LinkedHashMap<>();
            for (int t = 1; t <= 5; t++) {
                c.put(OspfPacket.typeName(t) + "In", i.counters.rx[t]);
                c.put(OspfPacket.typeName(t) + "Out", i.counters.tx[t]);
            }
            c.put("drops", new LinkedHashMap<>(i.counters.drops));
            c.put("adjacencyDrops", i.counters.adjacencyDrops);
            m.put("counters", c);
            ifs.put(i.name, m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("interfaces", ifs);
        return out;
    }

    /** The router id behind an interface address on a segment: ours, or a neighbor's (0 if unknown). */
    private static int routerIdOf(Ospf o, Iface i, int address) {
        if (address == i.address) return o.routerId;
        Neighbor n = i.neighbors.get(address);
        return n == null ? 0 : n.routerId;
    }

    private static final String[] TYPE_NAMES = {"", "routerLinkStates", "networkLinkStates", "summaryLinkStates", "asbrSummaryLinkStates",
        "asExternalLinkStates", "", "nssaExternalLinkStates"};

    private static Map<String, Object> database(Ospf o, long nowNs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routerId", Ip4.format(o.routerId));
        Map<String, Object> areas = new LinkedHashMap<>();
        for (Area a : o.areas.values()) {
            Map<String, Object> am = new LinkedHashMap<>();
            for (int t : new int[] {LsaHeader.TYPE_ROUTER, LsaHeader.TYPE_NETWORK, LsaHeader.TYPE_SUMMARY, LsaHeader.TYPE_ASBR_SUMMARY,
                    LsaHeader.TYPE_NSSA}) {
                List<Object> l = new ArrayList<>();
                for (LsaEntry e : a.lsdb.byType(t).values()) l.add(lsa(e, nowNs));
                if (l.isEmpty()) continue;
                am.put(TYPE_NAMES[t], l);
                am.put(TYPE_NAMES[t] + "Count", l.size());
            }
            areas.put(Ip4.format(a.areaId), am);
        }
        out.put("areas", areas);
        List<Object> ext = new ArrayList<>();
        for (LsaEntry e : o.externals.entries.values()) ext.add(lsa(e, nowNs));
        out.put(TYPE_NAMES[5], ext);
        out.put(TYPE_NAMES[5] + "Count", ext.size());
        return out;
    }

    private static Map<String, Object> lsa(LsaEntry e, long nowNs) {
        LsaHeader h = e.lsa.header();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lsaType", h.type());
        m.put("lsId", Ip4.format(h.lsId()));
        m.put("advertisedRouter", Ip4.format(h.advRouter()));
        m.put("lsaAge", e.ageSec(nowNs));
        m.put("sequenceNumber", String.format("%08x", h.seq()));
        m.put("checksum", String.format("%04x", h.checksum()));
        m.put("length", h.length());
        if (e.lsa.body() instanceof RouterLsa r) {
            m.put("numOfRouterLinks", r.links().size());
        } else if (e.lsa.body() instanceof SummaryLsa s && h.type() == LsaHeader.TYPE_SUMMARY) {
            m.put("summaryAddress", prefixString(h.lsId(), s.mask()));
            m.put("metric", s.metric());
        } else if (e.lsa.body() instanceof SummaryLsa s) {
            m.put("metric", s.metric());
        } else if (e.lsa.body() instanceof ExternalLsa x) {
            m.put("metricType", x.type2() ? "E2" : "E1");
            m.put("route", prefixString(h.lsId(), x.mask()));
            m.put("metric", x.metric());
            m.put("forwardAddress", Ip4.format(x.forwardingAddress()));
            m.put("tag", x.routeTag() & 0xffffffffL);
        } else if (e.lsa.body() instanceof io.vroom.ospf.packet.lsa.NssaLsa x) {
            m.put("metricType", x.type2() ? "E2" : "E1");
            m.put("route", prefixString(h.lsId(), x.mask()));
            m.put("metric", x.metric());
            m.put("forwardAddress", Ip4.format(x.forwardingAddress()));
            m.put("tag", x.routeTag() & 0xffffffffL);
            m.put("propagate", (h.options() & io.vroom.ospf.packet.lsa.NssaLsa.OPTION_NP) != 0);
        }
        return m;
    }

    /**
     * The routing table as FRR's {@code show ip ospf route json}: network routes keyed by prefix,
     * then the border routers keyed by router id ("R "). For a type-2 external, {@code cost} is the
     * distance to the ASBR and {@code type2cost} the external metric, as FRR reports them.
     */
    private static Map<String, Object> routes(Ospf o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OspfRoute r : o.routes.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("routeType", switch (r.pathType()) {
                case INTRA_AREA -> "N";
                case INTER_AREA -> "N IA";
                case EXTERNAL_1 -> "N E1";
                case EXTERNAL_2 -> "N E2";
            });
            boolean external = r.pathType() == OspfRoute.PathType.EXTERNAL_1 || r.pathType() == OspfRoute.PathType.EXTERNAL_2;
            if (r.pathType() == OspfRoute.PathType.EXTERNAL_2) {
                m.put("cost", r.cost2());
                m.put("type2cost", r.cost());
            } else {
                m.put("cost", r.cost());
            }
            if (external) m.put("tag", 0);
            else m.put("area", Ip4.format(r.areaId()));
            m.put("nexthops", nextHops(o, r.nextHops()));
            out.put(r.prefix().toString(), m);
        }
        for (Spf.BorderRoute b : o.borderRoutes) {
            String key = Ip4.format(b.routerId());
            if (out.containsKey(key)) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("routeType", b.route().pathType() == OspfRoute.PathType.INTER_AREA ? "R IA" : "R ");
            m.put("cost", b.route().cost());
            m.put("area", Ip4.format(b.route().areaId()));
            boolean abr = (b.flags() & RouterLsa.FLAG_B) != 0, asbr = (b.flags() & RouterLsa.FLAG_E) != 0;
            m.put("routerType", abr && asbr ? "abr asbr" : abr ? "abr" : "asbr");
            m.put("nexthops", nextHops(o, b.route().nextHops()));
            out.put(key, m);
        }
        return out;
    }

    private static List<Object> nextHops(Ospf o, List<NextHop> nextHops) {
        List<Object> hops = new ArrayList<>();
        for (NextHop h : nextHops) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("ip", h.gateway() == 0 ? " " : Ip4.format(h.gateway()));
            Iface i = o.ifaces.get(h.ifIndex());
            String name = i == null ? "if" + h.ifIndex() : i.name;
            if (h.gateway() == 0) {
                hm.put("directly attached to", name);
                hm.put("directlyAttachedTo", name);
            }
            else hm.put("via", name);
            hops.add(hm);
        }
        return hops;
    }

    private static String prefixString(int address, int mask) {
        Ip4Prefix p = Spf.prefix(address & mask, mask);
        return p == null ? Ip4.format(address) + " mask " + Ip4.format(mask) : p.toString();
    }
}
