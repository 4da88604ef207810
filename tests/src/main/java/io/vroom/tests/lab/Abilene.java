package io.vroom.tests.lab;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.sim.ReferenceSpf;
import io.vroom.core.sim.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paper's Abilene testbed (PAPER.md, Fig. 7): 11 VRs on 11 nodes plus an idle Chicago-2, links
 * as UDP tunnels, OSPF with 1 s hellos and a 3 s dead interval. Each VR has a LAN (passive OSPF).
 * Round-trip traffic runs Seattle → New York. The report checks every VR's OSPF routes against an
 * independent SPF over the configured topology ({@link ReferenceSpf}), not against the routers.
 * iBGP runs over OSPF ({@link IbgpPlan}: one reflector, sessions between LAN addresses); the report
 * checks that every VR's BGP route to every other VR's prefix uses the next hops of its OSPF route
 * toward the originator.
 */
public final class Abilene {
    private Abilene() {}

    public record Options(boolean inProcess, int rate, int size, double durationSec, int basePort) {}

    static String yaml(Topology t, int r, int basePort) {
        StringBuilder ports = new StringBuilder();
        StringBuilder ifs = new StringBuilder();
        StringBuilder ospf = new StringBuilder();
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            if (l.a() != r && l.b() != r) continue;
            int other = l.a() == r ? l.b() : l.a();
            int local = basePort + 2 * i + (l.a() == r ? 0 : 1), remote = basePort + 2 * i + (l.a() == r ? 1 : 0);
            String name = "to-" + t.routers().get(other);
            ports.append(String.format("  - {name: %s, type: udp, local: 127.0.0.1:%d, remote: 127.0.0.1:%d}%n", name, local, remote));
            ifs.append(String.format("      - {name: %s, port: %s, address: %s/24, cost: %d}%n", name, name,
                    Ip4.format(t.linkAddress(i, r)), l.a() == r ? l.costAb() : l.costBa()));
            ospf.append(String.format("        - {name: %s, area: 0.0.0.0, network: point-to-point, hello-interval: 1, dead-interval: 3}%n", name));
        }
        ifs.append(String.format("      - {name: lan, address: %s/24, cost: %d}%n", Ip4.format(t.lanAddress(r)), ReferenceSpf.LAN_COST));
        ospf.append("        - {name: lan, area: 0.0.0.0, passive: true}\n");
        String name = t.routers().get(r);
        StringBuilder y = new StringBuilder();
        y.append("node: ").append(name).append("\ncontrol: 127.0.0.1:").append(basePort + 1000 + r).append('\n');
        y.append("ports:\n").append(ports);
        y.append("vrs:\n  - name: ").append(name).append("\n    router-id: 10.255.0.").append(r + 1).append('\n');
        y.append("    interfaces:\n").append(ifs);
        y.append("    ospf:\n      interfaces:\n").append(ospf);
        y.append("    bgp:\n").append(IbgpPlan.yaml(t, r, 6));
        return y.toString();
    }

    public static Map<String, Object> run(Options o) throws Exception {
        Topology t = Topology.abilene();
        int src = t.index("seattle"), dst = t.index("newyork");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("lab", "abilene");
        report.put("mode", o.inProcess() ? "in-process" : "processes");
        try (Lab lab = new Lab(o.inProcess())) {
            long t0 = System.nanoTime();
            for (int r = 0; r < t.routers().size(); r++) {
                String extra = "";
                if (r == src) extra = String.format("    trafficgen: {destination: %s, rate: %d, size: %d, duration: %s, warmup-timeout: 120}%n",
                        Ip4.format(t.lanAddress(dst)), o.rate(), o.size(), o.durationSec());
                if (r == dst) extra = "    udpecho: {port: 9000}\n";
                lab.startNode(t.routers().get(r), "127.0.0.1:" + (o.basePort() + 1000 + r), yaml(t, r, o.basePort()) + extra);
            }
            // Chicago-2: idle, the migration target of VR5 (chicago) in the paper.
            lab.startNode("chicago2", "127.0.0.1:" + (o.basePort() + 1000 + 99), "node: chicago2\ncontrol: 127.0.0.1:" + (o.basePort() + 1099) + "\nvrs: []\n");
            lab.awaitNodes(120_000);
            long convergedNs = -1;
            Map<String, Object> mismatch = null;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                mismatch = compareToReference(lab, t);
                if (mismatch.isEmpty()) {
                    convergedNs = System.nanoTime() - t0;
                    break;
                }
                Thread.sleep(100);
            }
            Object traffic;
            long trafficDeadline = System.currentTimeMillis() + (long) ((o.durationSec() + 150) * 1000);
            while (true) {
                traffic = lab.get("seattle", "vr/seattle/protocol/trafficgen/report");
                String state = traffic instanceof Map<?, ?> m ? String.valueOf(m.get("state")) : "unreachable";
                if (state.equals("done") || state.equals("failed") || System.currentTimeMillis() > trafficDeadline) break;
                Thread.sleep(200);
            }
            report.put("traffic", traffic);
            Map<String, Object> ospf = new LinkedHashMap<>();
            ospf.put("routers", t.routers().size());
            int full = 0;
            long drops = 0;
            for (String r : t.routers()) {
                Object n = lab.get(r, "vr/" + r + "/protocol/ospf/neighbor");
                full += countFull(n);
                drops += adjacencyDrops(lab.get(r, "vr/" + r + "/protocol/ospf/interface"));
            }
            ospf.put("full_adjacencies", full);
            ospf.put("expected_adjacencies", 2 * t.links().size());
            ospf.put("adjacency_drops", drops);
            Map<String, Object> after = compareToReference(lab, t);
            ospf.put("routes_match_reference", after.isEmpty());
            if (!after.isEmpty()) ospf.put("mismatches", after);
            ospf.put("converged_ms", convergedNs < 0 ? null : convergedNs / 1_000_000);
            report.put("ospf", ospf);
            report.put("bgp", bgpReport(lab, t));
        }
        return report;
    }

    /** Router → what differs between its OSPF routes and the reference (empty when all agree). */
    static Map<String, Object> compareToReference(Lab lab, Topology t) {
        Map<String, Object> diff = new TreeMap<>();
        for (int r = 0; r < t.routers().size(); r++) {
            String name = t.routers().get(r);
            Object table = lab.get(name, "vr/" + name + "/route");
            if (!(table instanceof Map<?, ?> routes)) {
                diff.put(name, "unreachable");
                continue;
            }
            TreeMap<Ip4Prefix, ReferenceSpf.Route> want = ReferenceSpf.routes(t, r);
            List<String> problems = new ArrayList<>();
            for (Map.Entry<Ip4Prefix, ReferenceSpf.Route> e : want.entrySet()) {
                Object got = routes.get(e.getKey().toString());
                Map<?, ?> route = got instanceof List<?> l && !l.isEmpty() ? (Map<?, ?>) l.get(0) : null;
                if (route == null || !"ospf".equals(route.get("protocol"))) {
                    problems.add(e.getKey() + " missing");
                    continue;
                }
                TreeSet<Integer> gws = new TreeSet<>();
                for (Object h : (List<?>) route.get("nexthops")) {
                    Object ip = ((Map<?, ?>) h).get("ip");
                    if (ip != null) gws.add(Ip4.parse(ip.toString()));
                }
                long metric = ((Number) route.get("metric")).longValue();
                if (metric != e.getValue().cost() || !gws.equals(e.getValue().gateways())) {
                    problems.add(e.getKey() + " metric " + metric + " via " + gws.stream().map(Ip4::format).toList() + ", want "
                            + e.getValue().cost() + " via " + e.getValue().gateways().stream().map(Ip4::format).toList());
                }
            }
            if (!problems.isEmpty()) diff.put(name, problems);
        }
        return diff;
    }

    /** iBGP over OSPF: sessions up, and every BGP route resolved with its OSPF route's next hops (waits up to 60 s for them). */
    static Map<String, Object> bgpReport(Lab lab, Topology t) throws InterruptedException {
        Map<String, Object> bgp = new LinkedHashMap<>();
        int established = 0;
        List<String> problems = List.of("not checked");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            established = 0;
            for (String r : t.routers()) {
                if (lab.get(r, "vr/" + r + "/protocol/bgp/summary") instanceof Map<?, ?> m && m.get("neighbors") instanceof List<?> ns) {
                    for (Object n : ns) if ("ESTABLISHED".equals(((Map<?, ?>) n).get("state"))) established++;
                }
            }
            problems = bgpProblems(lab, t);
            if (problems.isEmpty() && established == IbgpPlan.expectedSessions(t)) break;
            Thread.sleep(200);
        }
        bgp.put("sessions_established", established);
        bgp.put("expected_sessions", IbgpPlan.expectedSessions(t));
        bgp.put("routes_resolve_over_ospf", problems.isEmpty());
        if (!problems.isEmpty()) bgp.put("problems", problems.size() > 20 ? problems.subList(0, 20) : problems);
        return bgp;
    }

    static List<String> bgpProblems(Lab lab, Topology t) {
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < t.routers().size(); r++) {
            String name = t.routers().get(r);
            if (!(lab.get(name, "vr/" + name + "/route") instanceof Map<?, ?> routes)) {
                problems.add(name + " unreachable");
                continue;
            }
            for (int x = 0; x < t.routers().size(); x++) {
                if (x == r) continue;
                Map<?, ?> bgp = first(routes.get(IbgpPlan.prefix(x).toString())), igp = first(routes.get(t.lan(x).toString()));
                if (bgp == null || !"ibgp".equals(bgp.get("protocol"))) problems.add(name + ": no iBGP route to " + IbgpPlan.prefix(x));
                else if (igp == null || !String.valueOf(bgp.get("nexthops")).equals(String.valueOf(igp.get("nexthops")))) {
                    problems.add(name + ": " + IbgpPlan.prefix(x) + " via " + bgp.get("nexthops") + ", OSPF via " + (igp == null ? null : igp.get("nexthops")));
                }
            }
        }
        return problems;
    }

    private static Map<?, ?> first(Object routeList) {
        return routeList instanceof List<?> l && !l.isEmpty() ? (Map<?, ?>) l.get(0) : null;
    }

    /** Neighbors in state Full, from {@code show ip ospf neighbor} (FRR's JSON shape). */
    static int countFull(Object show) {
        int n = 0;
        if (show instanceof Map<?, ?> m && m.get("neighbors") instanceof Map<?, ?> byRid) {
            for (Object list : byRid.values()) {
                for (Object nb : (List<?>) list) if ("Full".equals(((Map<?, ?>) nb).get("converged"))) n++;
            }
        }
        return n;
    }

    /** Adjacencies that left Full, summed over interfaces, from {@code show ip ospf interface}. */
    static long adjacencyDrops(Object show) {
        long n = 0;
        if (show instanceof Map<?, ?> m && m.get("interfaces") instanceof Map<?, ?> ifs) {
            for (Object i : ifs.values()) {
                if (((Map<?, ?>) i).get("counters") instanceof Map<?, ?> c && c.get("adjacencyDrops") instanceof Number d) n += d.longValue();
            }
        }
        return n;
    }
}
