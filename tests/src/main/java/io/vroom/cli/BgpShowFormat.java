package io.vroom.cli;

import java.util.List;
import java.util.Map;

/**
 * Text of {@code vroom show bgp ...} laid out as FRR's vtysh prints it (columns, status codes and
 * words of FRR 8's {@code show bgp summary}, {@code show bgp ipv4 unicast} and
 * {@code show bgp ipv4 unicast PREFIX}), from the JSON views of BGP's {@code show}.
 */
public final class BgpShowFormat {
    private BgpShowFormat() {}

    public static final String TABLE_COLUMNS = "   Network          Next Hop            Metric LocPrf Weight Path";
    public static final String SUMMARY_COLUMNS =
            "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc";

    /** {@code show bgp summary}. */
    public static String summary(Map<?, ?> s) {
        StringBuilder sb = new StringBuilder();
        List<?> ns = (List<?>) s.get("neighbors");
        sb.append("IPv4 Unicast Summary (VRF default):\n");
        sb.append("BGP router identifier ").append(s.get("routerId")).append(", local AS number ").append(s.get("localAs")).append(" vrf-id 0\n");
        sb.append("RIB entries ").append(s.get("locRibPrefixes")).append(", ").append(s.get("attributeSets")).append(" attribute sets\n");
        sb.append("Peers ").append(ns.size()).append('\n');
        Object taw = s.get("treatAsWithdraw"), ad = s.get("attributeDiscard");
        if (num(taw) + num(ad) > 0) {
            sb.append("RFC 7606: ").append(taw).append(" UPDATEs treated as withdraw, ").append(ad).append(" with attributes discarded\n");
        }
        sb.append('\n').append(SUMMARY_COLUMNS).append('\n');
        for (Object o : ns) {
            Map<?, ?> n = (Map<?, ?>) o;
            boolean up = "Established".equals(n.get("bgpState"));
            sb.append(String.format("%-15s %1d %10d %9d %9d %8d %4d %4d %8s %12s %8s %s%n", n.get("neighbor"), 4, num(n.get("remoteAs")),
                    num(n.get("messagesIn")), num(n.get("messagesOut")), 0, 0, 0, upDown(num(n.get("upDownMs"))),
                    up ? String.valueOf(num(n.get("prefixesReceived"))) : n.get("bgpState"),
                    up ? String.valueOf(num(n.get("prefixesSent"))) : "0", "N/A"));
        }
        sb.append("\nTotal number of neighbors ").append(ns.size()).append('\n');
        return sb.toString();
    }

    /** FRR's Up/Down column: hh:mm:ss under a day, then 1d02h03m, then 1w2d03h. */
    static String upDown(long ms) {
        if (ms < 0) return "never";
        long sec = ms / 1000, min = sec / 60, h = min / 60, d = h / 24;
        if (d == 0) return String.format("%02d:%02d:%02d", h, min % 60, sec % 60);
        if (d < 7) return String.format("%dd%02dh%02dm", d, h % 24, min % 60);
        return String.format("%02dw%dd%02dh", d / 7, d % 7, h % 24);
    }

    /** The lines above the route rows of {@code show bgp ipv4 unicast}. */
    public static String tableHeader(Map<?, ?> page) {
        return "BGP table version is 0, local router ID is " + page.get("routerId") + ", vrf id 0\n"
                + "Default local pref " + page.get("defaultLocPrf") + ", local AS " + page.get("localAS") + "\n"
                + "Status codes:  s suppressed, d damped, h history, * valid, > best, = multipath,\n"
                + "               i internal, r RIB-failure, S Stale, R Removed\n"
                + "Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self\n"
                + "Origin codes:  i - IGP, e - EGP, ? - incomplete\n"
                + "RPKI validation codes: V valid, I invalid, N Not found\n\n" + TABLE_COLUMNS + "\n";
    }

    /** The rows of one page's {@code routes} (prefix → paths); returns how many paths were written. */
    public static int tableRows(Map<?, ?> routes, StringBuilder sb) {
        int paths = 0;
        for (Map.Entry<?, ?> e : routes.entrySet()) {
            boolean first = true;
            for (Object o : (List<?>) e.getValue()) {
                Map<?, ?> p = (Map<?, ?>) o;
                sb.append(Boolean.TRUE.equals(p.get("stale")) ? 'S' : '*');
                sb.append(Boolean.TRUE.equals(p.get("bestpath")) ? '>' : ' ');
                sb.append("internal".equals(p.get("pathFrom")) ? 'i' : ' ');
                String net = first ? String.valueOf(e.getKey()) : "";
                if (net.length() > 16) sb.append(net).append('\n').append(" ".repeat(20));
                else sb.append(String.format("%-17s", net));
                String nh = String.valueOf(((Map<?, ?>) ((List<?>) p.get("nexthops")).get(0)).get("ip"));
                if (nh.length() > 16) sb.append(nh).append('\n').append(" ".repeat(36));
                else sb.append(String.format("%-16s", nh));
                sb.append(p.get("metric") == null ? " ".repeat(10) : String.format("%10d", num(p.get("metric"))));
                sb.append(p.get("locPrf") == null ? " ".repeat(7) : String.format("%7d", num(p.get("locPrf"))));
                sb.append(String.format("%7d", num(p.get("weight")))).append(' ');
                String path = String.valueOf(p.get("path"));
                if (!path.isEmpty()) sb.append(path).append(' ');
                sb.append(originCode(String.valueOf(p.get("origin")))).append('\n');
                first = false;
                paths++;
            }
        }
        return paths;
    }

    public static String tableFooter(long prefixes, long paths) {
        return prefixes == 0 ? "No BGP prefixes displayed, 0 exist\n" : "\nDisplayed  " + prefixes + " routes and " + paths + " total paths\n";
    }

    /** A whole {@code show bgp ipv4 unicast} of one page (the CLI streams pages through {@link #tableRows}). */
    public static String table(Map<?, ?> page) {
        Map<?, ?> routes = (Map<?, ?>) page.get("routes");
        if (routes.isEmpty()) return tableFooter(0, 0);
        StringBuilder sb = new StringBuilder(tableHeader(page));
        int paths = tableRows(routes, sb);
        return sb.append(tableFooter(routes.size(), paths)).toString();
    }

    /** {@code show bgp ipv4 unicast PREFIX}. */
    public static String detail(Map<?, ?> d, String asked) {
        if (d.get("prefix") == null) return "% Network not in table\n";
        StringBuilder sb = new StringBuilder("BGP routing table entry for ").append(d.get("prefix")).append('\n');
        List<?> paths = (List<?>) d.get("paths");
        sb.append("Paths: (").append(paths.size()).append(" available");
        if (!paths.isEmpty()) sb.append(", best #1");
        sb.append(", table default)\n");
        List<?> adv = (List<?>) d.get("advertisedTo");
        if (adv == null || adv.isEmpty()) {
            sb.append("  Not advertised to any peer\n");
        } else {
            sb.append("  Advertised to non peer-group peers:\n ");
            for (Object a : adv) sb.append(' ').append(a);
            sb.append('\n');
        }
        for (Object o : paths) {
            Map<?, ?> p = (Map<?, ?>) o;
            sb.append("  ").append(((Map<?, ?>) p.get("aspath")).get("string")).append('\n');
            Map<?, ?> peer = (Map<?, ?>) p.get("peer");
            String nh = String.valueOf(((Map<?, ?>) ((List<?>) p.get("nexthops")).get(0)).get("ip"));
            sb.append("    ").append(nh).append(" from ").append(peer.get("peerId")).append(" (").append(peer.get("routerId")).append(")\n");
            sb.append("      Origin ").append(p.get("origin"));
            if (p.get("metric") != null) sb.append(", metric ").append(p.get("metric"));
            if (p.get("localpref") != null) sb.append(", localpref ").append(p.get("localpref"));
            if (num(p.get("weight")) != 0) sb.append(", weight ").append(p.get("weight"));
            sb.append(", valid");
            if (Boolean.TRUE.equals(p.get("sourced"))) sb.append(", sourced, local");
            else sb.append(", ").append(peer.get("type"));
            if (Boolean.TRUE.equals(p.get("stale"))) sb.append(", stale");
            if (p.get("bestpath") != null) sb.append(", best");
            sb.append('\n');
            if (p.get("community") != null) sb.append("      Community: ").append(((Map<?, ?>) p.get("community")).get("string")).append('\n');
            if (p.get("extendedCommunity") != null) {
                sb.append("      Extended Community: ").append(((Map<?, ?>) p.get("extendedCommunity")).get("string")).append('\n');
            }
            if (p.get("largeCommunity") != null) {
                sb.append("      Large Community: ").append(((Map<?, ?>) p.get("largeCommunity")).get("string")).append('\n');
            }
            if (p.get("originatorId") != null) sb.append("      Originator: ").append(p.get("originatorId")).append('\n');
        }
        return sb.toString();
    }

    static char originCode(String origin) {
        return switch (origin) {
            case "IGP" -> 'i';
            case "EGP" -> 'e';
            default -> '?';
        };
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
