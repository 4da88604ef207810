package io.vroom.tests.interop;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.mgmt.Json;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.ospf.Iface;
import io.vroom.ospf.Neighbor;
import io.vroom.ospf.NsmState;
import io.vroom.ospf.Ospf;
import io.vroom.ospf.OspfRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A vroom node with one VR running OSPF, started in the test JVM, and read-only views of its OSPF
 * state in the shapes the interop tests compare with FRR's and BIRD's. Every read runs on the VR's
 * loop ({@link io.vroom.core.runtime.VrLoop#call}).
 */
final class VroomOspf implements AutoCloseable {
    final Node node;
    /** The node's control API (HTTP/JSON), where `vroom show ... --json` reads. */
    final String control;

    VroomOspf(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.createDirectories(dir);
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            control = "127.0.0.1:" + s.getLocalPort();
        }
        Files.writeString(f, "state-dir: " + dir.resolve("state") + "\ncontrol: " + control + "\n" + yaml);
        node = new Node(NodeConfig.parse(ConfigNode.load(f)));
        node.start();
    }

    <T> T call(Function<VirtualRouter, T> q) {
        try {
            return node.vrs().get("vr1").call(q).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("VR query failed", e);
        }
    }

    private static Ospf ospf(VirtualRouter vr) {
        return (Ospf) vr.protocol("ospf");
    }

    /** Router id (dotted) -&gt; neighbor state, over all interfaces. */
    Map<String, NsmState> neighbors() {
        return call(vr -> {
            Map<String, NsmState> m = new TreeMap<>();
            for (Iface i : ospf(vr).interfaces().values()) {
                for (Neighbor n : i.neighbors().values()) m.put(Ip4.format(n.routerId()), n.state());
            }
            return m;
        });
    }

    boolean allFull(int expected) {
        Map<String, NsmState> n = neighbors();
        return n.size() == expected && n.values().stream().allMatch(s -> s == NsmState.FULL);
    }

    /** The interface named {@code name}: state, DR, BDR (as addresses). */
    String[] ifaceDrBdr(String name) {
        return call(vr -> {
            for (Iface i : ospf(vr).interfaces().values()) {
                if (i.name().equals(name)) return new String[] {i.state().name(), Ip4.format(i.dr()), Ip4.format(i.bdr())};
            }
            return null;
        });
    }

    /** The LSDB keys of area 0 as "type/lsid/adv". */
    List<String> lsdb() {
        return call(vr -> {
            List<String> out = new ArrayList<>();
            for (var k : ospf(vr).areas().get(0).lsdb().entries().keySet()) {
                out.add(k.type() + "/" + Ip4.format(k.lsId()) + "/" + Ip4.format(k.advRouter()));
            }
            return out;
        });
    }

    /**
     * The drops on interface {@code name} for reasons a healthy exchange with a real peer never
     * causes (everything but our own multicast echoed back and DROther traffic to AllDRouters),
     * plus adjacencies lost: reason -&gt; count. Empty when the peer and vroom understood each other.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> unexpectedDrops(String name) {
        return call(vr -> {
            Map<String, Object> ifs = (Map<String, Object>) ((Map<String, Object>) ospf(vr).show("interface")).get("interfaces");
            Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) ifs.get(name)).get("counters");
            Map<String, Object> out = new TreeMap<>((Map<String, Object>) c.get("drops"));
            out.remove("own-packet");
            out.remove("not-dr");
            // RFC 2328 §13 step 5a: a peer re-originating within 1 s (e.g. its router-LSA on reaching Full) is dropped and retransmitted.
            out.remove("min-ls-arrival");
            // §13 step 8: a peer flooding an instance older than ours (e.g. crossing with our newer one on a LAN)
            // is counted and answered with our copy; it is the RFC's normal repair, not a misunderstanding.
            out.remove("stale-lsa");
            if (((Number) c.get("adjacencyDrops")).longValue() != 0) out.put("adjacencyDrops", c.get("adjacencyDrops"));
            return out;
        });
    }

    /** OSPF's own routing table (network routes): prefix -&gt; "cost via gateways". */
    Map<String, String> ospfRoutes() {
        return call(vr -> {
            Map<String, String> m = new TreeMap<>();
            for (OspfRoute r : ospf(vr).routingTable().values()) m.put(r.prefix().toString(), r.cost() + " via " + gateways(r.nextHops()));
            return m;
        });
    }

    /** The VR's RIB: the selected route to {@code prefix} as "SOURCE via gateways", or null. */
    String ribRoute(String prefix) {
        Ip4Prefix p = Ip4Prefix.parse(prefix);
        return call(vr -> {
            for (Route r : vr.selectedRoutes()) if (r.prefix().equals(p)) return r.source() + " via " + gateways(r.nextHops());
            return null;
        });
    }

    /** What `vroom show ip ospf WHAT --json` prints: the control API's answer for vr1's OSPF. */
    String showJson(String what) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                    "http://" + control + "/api/vr/vr1/protocol/ospf/" + what).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10_000);
            if (c.getResponseCode() != 200) throw new AssertionError("control API answered " + c.getResponseCode() + " for " + what);
            try (java.io.InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("control API at " + control, e);
        }
    }

    /**
     * Runs the real CLI, {@code vroom show WORDS... --control <this node>}, in a fresh JVM on this
     * test's class path, and returns what it prints (what an operator sees).
     */
    String cli(String... words) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.vroom.cli.Main", "show"));
        cmd.addAll(List.of(words));
        cmd.addAll(List.of("--control", control));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("vroom show " + String.join(" ", words) + " failed:\n" + out);
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Drops counted on interface {@code name} for {@code reason} (receive checks of RFC 2328 §8.2/§13). */
    long drops(String name, String reason) {
        return call(vr -> {
            for (Iface i : ospf(vr).interfaces().values()) if (i.name().equals(name)) return i.counters().drops(reason);
            return -1L;
        });
    }

    /**
     * A `show ip ospf route json` answer (FRR's or vroom's) reduced to what both must agree on, with
     * interface names left out (they differ by side): key (prefix, or router id for "R" entries)
     * -&gt; "routeType cost[/type2cost] area-or-tag via next-hop addresses".
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> routeJsonView(String json) {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) Json.parse(json)).entrySet()) {
            if (!(e.getValue() instanceof Map)) continue;
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            List<String> g = new ArrayList<>();
            for (Object h : (List<Object>) r.getOrDefault("nexthops", List.of())) {
                String ip = String.valueOf(((Map<String, Object>) h).get("ip")).trim();
                g.add(ip.isEmpty() ? "direct" : ip);
            }
            g.sort(null);
            String type = String.valueOf(r.get("routeType")).trim();
            String cost = r.get("cost") + (r.containsKey("type2cost") ? "/" + r.get("type2cost") : "");
            String where = type.contains("E") ? "tag " + r.get("tag") : "area " + r.get("area");
            m.put(e.getKey(), type + " " + cost + " " + where + " via " + String.join(",", g));
        }
        return m;
    }

    /** The field names a `show ip ospf route json` answer uses: route type -&gt; the distinct sets of entry and next-hop fields. */
    @SuppressWarnings("unchecked")
    static Map<String, java.util.TreeSet<String>> routeJsonFields(String json) {
        Map<String, java.util.TreeSet<String>> m = new TreeMap<>();
        for (Object v : ((Map<String, Object>) Json.parse(json)).values()) {
            if (!(v instanceof Map)) continue;
            Map<String, Object> r = (Map<String, Object>) v;
            java.util.TreeSet<String> f = new java.util.TreeSet<>(r.keySet());
            for (Object h : (List<Object>) r.getOrDefault("nexthops", List.of())) {
                for (String k : ((Map<String, Object>) h).keySet()) f.add("nexthops." + k);
            }
            m.computeIfAbsent(String.valueOf(r.get("routeType")), k -> new java.util.TreeSet<>()).add(String.join(",", f));
        }
        return m;
    }

    static String gateways(List<NextHop> hops) {
        List<String> g = new ArrayList<>();
        for (NextHop h : hops) g.add(h.gateway() == 0 ? "direct" : Ip4.format(h.gateway()));
        g.sort(null);
        return String.join(",", g);
    }

    /** FRR's {@code show ip ospf route json}, network routes only, as prefix -&gt; "cost via gateways". */
    @SuppressWarnings("unchecked")
    static Map<String, String> frrRoutes(String json) {
        Map<String, String> m = new TreeMap<>();
        Map<String, Object> all = (Map<String, Object>) Json.parse(json);
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (!e.getKey().contains("/") || !(e.getValue() instanceof Map)) continue;
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            List<String> g = new ArrayList<>();
            for (Object h : (List<Object>) r.getOrDefault("nexthops", List.of())) {
                String ip = String.valueOf(((Map<String, Object>) h).get("ip")).trim();
                g.add(ip.isEmpty() ? "direct" : ip);
            }
            g.sort(null);
            m.put(e.getKey(), ((Number) r.get("cost")).intValue() + " via " + String.join(",", g));
        }
        return m;
    }

    /**
     * BIRD's {@code show route protocol NAME} as prefix -&gt; "metric via gateways" (a route on a
     * directly attached network is "dev IFACE", i.e. direct).
     */
    static Map<String, String> birdRoutes(String text) {
        Map<String, String> m = new TreeMap<>();
        String prefix = null;
        String metric = null;
        List<String> g = new ArrayList<>();
        for (String line : (text + "\n").split("\n", -1)) {
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("^(\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+)\\s").matcher(line);
            if (start.find() || line.isBlank()) {
                if (prefix != null) {
                    g.sort(null);
                    m.put(prefix, metric + " via " + String.join(",", g));
                }
                prefix = line.isBlank() ? null : start.group(1);
                metric = null;
                g = new ArrayList<>();
            }
            if (prefix == null) continue;
            java.util.regex.Matcher met = java.util.regex.Pattern.compile("\\((\\d+)/(\\d+)\\)").matcher(line);
            if (metric == null && met.find()) metric = met.group(2);
            java.util.regex.Matcher via = java.util.regex.Pattern.compile("\\bvia (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(line);
            if (via.find()) g.add(via.group(1));
            else if (line.trim().startsWith("dev ") || line.contains(" dev ")) g.add("direct");
        }
        return m;
    }

    static boolean isOspf(String ribRoute) {
        return ribRoute != null && ribRoute.startsWith(RouteSource.OSPF.name());
    }

    @Override
    public void close() {
        node.close();
    }
}
