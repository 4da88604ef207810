package io.vroom.ospf;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent shortest-path computation over a {@link TestNet} of point-to-point links: plain
 * Dijkstra on the configured topology (not on anything the routers computed), then for every
 * link subnet the cost and the set of equal-cost first hops. Used as the reference OSPF routes must equal.
 */
final class ReferenceSpf {
    private ReferenceSpf() {}

    record Expected(int cost, TreeSet<NextHop> nextHops) {}

    static Map<Ip4Prefix, Expected> routes(TestNet net, TestNet.Node x) {
        List<TestNet.Node> nodes = new ArrayList<>(net.nodes.values());
        int n = nodes.size();
        long[][] dist = new long[n][];
        for (int s = 0; s < n; s++) dist[s] = dijkstra(net, nodes, s);
        int xi = nodes.indexOf(x);
        TreeMap<Ip4Prefix, Expected> out = new TreeMap<>();
        for (TestNet.Segment seg : net.segments) {
            Ip4Prefix p = seg.nodes.get(0).ifs.get(seg.ifIndexes.get(0)).subnet();
            long best = Long.MAX_VALUE;
            for (int k = 0; k < seg.nodes.size(); k++) {
                int e = nodes.indexOf(seg.nodes.get(k));
                // A subnet is advertised (as a stub link) by every end whose interface is up, link or not.
                if (dist[xi][e] == Long.MAX_VALUE || !seg.nodes.get(k).ifs.get(seg.ifIndexes.get(k)).up()) continue;
                best = Math.min(best, dist[xi][e] + seg.nodes.get(k).ifs.get(seg.ifIndexes.get(k)).cost());
            }
            if (best == Long.MAX_VALUE) continue;
            TreeSet<NextHop> hops = new TreeSet<>();
            for (int k = 0; k < seg.nodes.size(); k++) {
                TestNet.Node en = seg.nodes.get(k);
                int e = nodes.indexOf(en);
                if (!en.ifs.get(seg.ifIndexes.get(k)).up()) continue;
                if (dist[xi][e] == Long.MAX_VALUE || dist[xi][e] + en.ifs.get(seg.ifIndexes.get(k)).cost() != best) continue;
                if (e == xi) {
                    hops.add(NextHop.onLink(seg.ifIndexes.get(k)));
                    continue;
                }
                // First hops of every shortest path from x to e.
                for (int i = 0; i < x.ifs.size(); i++) {
                    TestNet.Segment t = x.ifSegments.get(i);
                    if (!t.up) continue;
                    for (int m = 0; m < t.nodes.size(); m++) {
                        TestNet.Node nb = t.nodes.get(m);
                        if (nb == x) continue;
                        int ni = nodes.indexOf(nb);
                        if (dist[ni][e] != Long.MAX_VALUE && x.ifs.get(i).cost() + dist[ni][e] == dist[xi][e]) {
                            hops.add(new NextHop(i, nb.ifs.get(t.ifIndexes.get(m)).address()));
                        }
                    }
                }
            }
            out.put(p, new Expected((int) best, hops));
        }
        return out;
    }

    private static long[] dijkstra(TestNet net, List<TestNet.Node> nodes, int src) {
        int n = nodes.size();
        long[] d = new long[n];
        boolean[] done = new boolean[n];
        java.util.Arrays.fill(d, Long.MAX_VALUE);
        d[src] = 0;
        for (int iter = 0; iter < n; iter++) {
            int u = -1;
            for (int v = 0; v < n; v++) if (!done[v] && d[v] != Long.MAX_VALUE && (u < 0 || d[v] < d[u])) u = v;
            if (u < 0) break;
            done[u] = true;
            TestNet.Node un = nodes.get(u);
            for (int i = 0; i < un.ifs.size(); i++) {
                TestNet.Segment s = un.ifSegments.get(i);
                if (!s.up) continue;
                for (TestNet.Node w : s.nodes) {
                    if (w == un) continue;
                    int wi = nodes.indexOf(w);
                    long nd = d[u] + un.ifs.get(i).cost();
                    if (nd < d[wi]) d[wi] = nd;
                }
            }
        }
        return d;
    }

    /** The differences between a router's OSPF routes and the reference ("" if none). */
    static String diff(TestNet net, TestNet.Node x) {
        Map<Ip4Prefix, Expected> want = routes(net, x);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Ip4Prefix, Expected> e : want.entrySet()) {
            Route r = x.rib.get(e.getKey());
            if (r == null) {
                sb.append(x.name).append(": missing ").append(e.getKey()).append('\n');
            } else if (r.metric() != e.getValue().cost() || !new TreeSet<>(r.nextHops()).equals(e.getValue().nextHops())) {
                sb.append(x.name).append(": ").append(e.getKey()).append(" got ").append(r.metric()).append(' ').append(r.nextHops())
                        .append(" want ").append(e.getValue().cost()).append(' ').append(e.getValue().nextHops()).append('\n');
            }
        }
        for (Ip4Prefix p : x.rib.keySet()) if (!want.containsKey(p)) sb.append(x.name).append(": extra ").append(p).append('\n');
        return sb.toString();
    }
}
