package io.vroom.cli;

import java.util.List;
import java.util.Map;

/**
 * Text rendering of {@code show ip ospf neighbor|interface|database|route}, laid out as FRR's
 * vtysh prints them (same headings, columns and state names), from the JSON the OSPF protocol's
 * {@code show()} answers with (FRR's JSON field names). Unknown or missing fields print as blanks,
 * never as an exception: the input comes over the network.
 */
final class OspfShowText {
    private OspfShowText() {}

    static String text(String what, Object result) {
        if (!(result instanceof Map<?, ?> m)) return String.valueOf(result);
        return switch (what) {
            case "neighbor" -> neighbors(m);
            case "interface" -> interfaces(m);
            case "database" -> database(m);
            case "route" -> routes(m);
            default -> String.valueOf(result);
        };
    }

    static final String NEIGHBOR_HEADER =
            "Neighbor ID     Pri State           Up Time         Dead Time Address         Interface                        RXmtL RqstL DBsmL";

    private static String neighbors(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("\n").append(NEIGHBOR_HEADER).append('\n');
        for (Map.Entry<?, ?> e : map(m.get("neighbors")).entrySet()) {
            for (Object o : list(e.getValue())) {
                Map<?, ?> n = map(o);
                sb.append(String.format("%-15s %3d %-15s %-15s %9s %-15s %-32s %5d %5d %5d%n", e.getKey(), num(n.get("priority")),
                        str(n.get("state")), duration(num(n.get("upTimeInMsec"))), duration(num(n.get("deadTimeMsecs"))),
                        str(n.get("address")), str(n.get("ifaceName")), num(n.get("retransmitCounter")), num(n.get("requestCounter")),
                        num(n.get("dbSummaryCounter"))));
            }
        }
        return sb.toString();
    }

    private static String interfaces(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<?, ?> e : map(m.get("interfaces")).entrySet()) {
            Map<?, ?> i = map(e.getValue());
            boolean up = Boolean.TRUE.equals(i.get("ifUp"));
            sb.append(e.getKey()).append(" is ").append(up ? "up" : "down").append('\n');
            sb.append("  MTU ").append(num(i.get("mtuBytes"))).append(" bytes\n");
            sb.append("  Internet Address ").append(str(i.get("ipAddress"))).append('/').append(num(i.get("ipAddressPrefixlen")))
                    .append(", Area ").append(str(i.get("area"))).append('\n');
            sb.append("  Router ID ").append(str(i.get("routerId"))).append(", Network Type ").append(str(i.get("networkType")))
                    .append(", Cost: ").append(num(i.get("cost"))).append('\n');
            sb.append("  Transmit Delay is ").append(num(i.get("transmitDelaySecs"))).append(" sec, State ").append(str(i.get("state")))
                    .append(", Priority ").append(num(i.get("priority"))).append('\n');
            if (i.containsKey("drAddress")) {
                if (i.containsKey("drId")) {
                    sb.append("  Designated Router (ID) ").append(str(i.get("drId"))).append(" Interface Address ")
                            .append(str(i.get("drAddress"))).append('/').append(num(i.get("ipAddressPrefixlen"))).append('\n');
                } else {
                    sb.append("  No designated router on this network\n");
                }
                if (i.containsKey("bdrId")) {
                    sb.append("  Backup Designated Router (ID) ").append(str(i.get("bdrId"))).append(", Interface Address ")
                            .append(str(i.get("bdrAddress"))).append('\n');
                } else {
                    sb.append("  No backup designated router on this network\n");
                }
            }
            sb.append("  Timer intervals configured, Hello ").append(num(i.get("timerMsecs")) / 1000).append("s, Dead ")
                    .append(num(i.get("timerDeadSecs"))).append("s, Wait ").append(num(i.get("timerWaitSecs"))).append("s, Retransmit ")
                    .append(num(i.get("timerRetransmitSecs"))).append('\n');
            if (Boolean.TRUE.equals(i.get("passive"))) sb.append("    No Hellos (Passive interface)\n");
            else if (up) sb.append("    Hello due in ").append(duration(num(i.get("timerHelloInMsecs")))).append('\n');
            sb.append("  Neighbor Count is ").append(num(i.get("nbrCount"))).append(", Adjacent neighbor count is ")
                    .append(num(i.get("nbrAdjacentCount"))).append('\n');
            if (i.containsKey("authentication")) sb.append("  Authentication: ").append(str(i.get("authentication"))).append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Per-type table titles, in FRR's order and words. */
    private static final String[][] LSA_TABLES = {
        {"routerLinkStates", "Router Link States", "Link count"},
        {"networkLinkStates", "Net Link States", ""},
        {"summaryLinkStates", "Summary Link States", "Route"},
        {"asbrSummaryLinkStates", "ASBR-Summary Link States", ""},
        {"nssaExternalLinkStates", "NSSA-external Link States", "Route"},
    };

    static final String LSA_HEADER = "Link ID         ADV Router      Age  Seq#       CkSum";

    private static String database(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("\n       OSPF Router with ID (").append(str(m.get("routerId"))).append(")\n\n");
        for (Map.Entry<?, ?> a : map(m.get("areas")).entrySet()) {
            Map<?, ?> area = map(a.getValue());
            for (String[] t : LSA_TABLES) {
                List<?> lsas = list(area.get(t[0]));
                if (lsas.isEmpty()) continue;
                sb.append("                ").append(t[1]).append(" (Area ").append(a.getKey()).append(")\n\n");
                lsaTable(sb, lsas, t[2]);
            }
        }
        List<?> ext = list(m.get("asExternalLinkStates"));
        if (!ext.isEmpty()) {
            sb.append("                AS External Link States\n\n");
            lsaTable(sb, ext, "Route");
        }
        return sb.toString();
    }

    private static void lsaTable(StringBuilder sb, List<?> lsas, String extra) {
        sb.append(LSA_HEADER).append(extra.isEmpty() ? "" : "  " + extra).append('\n');
        for (Object o : lsas) {
            Map<?, ?> l = map(o);
            sb.append(String.format("%-15s %-15s %4d 0x%-8s 0x%-4s", str(l.get("lsId")), str(l.get("advertisedRouter")), num(l.get("lsaAge")),
                    str(l.get("sequenceNumber")), str(l.get("checksum"))));
            if (l.containsKey("numOfRouterLinks")) sb.append("  ").append(num(l.get("numOfRouterLinks")));
            else if (l.containsKey("summaryAddress")) sb.append("  ").append(str(l.get("summaryAddress")));
            else if (l.containsKey("route")) {
                sb.append("  ").append(str(l.get("metricType"))).append(' ').append(str(l.get("route")))
                        .append(" [0x").append(Long.toHexString(num(l.get("tag")))).append(']');
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static final String PAD = " ".repeat(27);

    private static String routes(Map<?, ?> m) {
        StringBuilder net = new StringBuilder("============ OSPF network routing table ============\n");
        StringBuilder rtr = new StringBuilder("============ OSPF router routing table =============\n");
        StringBuilder ext = new StringBuilder("============ OSPF external routing table ===========\n");
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Map<?, ?> r = map(e.getValue());
            String type = str(r.get("routeType")).trim();
            if (type.startsWith("R")) {
                String rt = str(r.get("routerType"));
                rtr.append(String.format("%-4s %-22s[%d] area: %s%s%s%n", type, e.getKey(), num(r.get("cost")), str(r.get("area")),
                        rt.contains("abr") ? ", ABR" : "", rt.contains("asbr") ? ", ASBR" : ""));
                hops(rtr, r);
            } else if (type.contains("E")) {
                String cost = r.containsKey("type2cost") ? num(r.get("cost")) + "/" + num(r.get("type2cost")) : String.valueOf(num(r.get("cost")));
                ext.append(String.format("%-4s %-22s[%s] tag: %d%n", type, e.getKey(), cost, num(r.get("tag"))));
                hops(ext, r);
            } else {
                net.append(String.format("%-4s %-22s[%d] area: %s%n", type, e.getKey(), num(r.get("cost")), str(r.get("area"))));
                hops(net, r);
            }
        }
        return net.append('\n').append(rtr).append('\n').append(ext).append('\n').toString();
    }

    private static void hops(StringBuilder sb, Map<?, ?> r) {
        for (Object o : list(r.get("nexthops"))) {
            Map<?, ?> h = map(o);
            String ip = str(h.get("ip")).trim();
            if (ip.isEmpty()) sb.append(PAD).append("directly attached to ").append(str(h.get("directlyAttachedTo"))).append('\n');
            else sb.append(PAD).append("via ").append(ip).append(", ").append(str(h.get("via"))).append('\n');
        }
    }

    /** FRR's short durations: "9.082s", "1m02s", "3h04m05s", "2d03h04m". */
    static String duration(long ms) {
        long s = ms / 1000;
        if (s < 60) return String.format("%d.%03ds", s, ms % 1000);
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        if (s < 86400) return String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        return String.format("%dd%02dh%02dm", s / 86400, s / 3600 % 24, s / 60 % 60);
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
