package io.vroom.core.sim;

import io.vroom.core.net.Ip4Prefix;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent shortest-path computation over a {@link Topology} — the reference that OSPF's
 * routes are checked against (it knows nothing of LSAs). For router {@code src} it gives, for every
 * LAN and link subnet not attached to {@code src}, the least cost (path cost plus the cost of the
 * far router's interface into that subnet, as an OSPF stub network counts it, RFC 2328 §16.1) and
 * the set of first-hop gateway addresses of all equal-cost paths.
 */
public final class ReferenceSpf {
    private ReferenceSpf() {}

    /** Cost of a router's interface into its own LAN (a passive interface). */
    public static final int LAN_COST = 1;

    public record Route(int cost, TreeSet<Integer> gateways) {}

    public static TreeMap<Ip4Prefix, Route> routes(Topology t, int src) {
        return routes(t, src, java.util.Set.of());
    }

    /**
     * The same with the links in {@code downLinks} (indexes) partitioned: no adjacency crosses them,
     * but their subnets stay reachable through either end (both interfaces are still up, so each end
     * keeps advertising the subnet as a stub network, RFC 2328 §12.4.1.1).
     */
    public static TreeMap<Ip4Prefix, Route> routes(Topology t, int src, java.util.Set<Integer> downLinks) {
        int n = t.routers().size();
        long[] dist = new long[n];
        Arrays.fill(dist, Long.MAX_VALUE);
        @SuppressWarnings("unchecked") TreeSet<Integer>[] firstHops = new TreeSet[n];
        for (int i = 0; i < n; i++) firstHops[i] = new TreeSet<>();
        List<List<int[]>> adj = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) adj.add(new java.util.ArrayList<>());
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            if (downLinks.contains(i)) continue;
            adj.get(l.a()).add(new int[] {l.b(), l.costAb(), i});
            adj.get(l.b()).add(new int[] {l.a(), l.costBa(), i});
        }
        dist[src] = 0;
        PriorityQueue<long[]> q = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        q.add(new long[] {0, src});
        boolean[] done = new boolean[n];
        while (!q.isEmpty()) {
            int u = (int) q.poll()[1];
            if (done[u]) continue;
            done[u] = true;
            for (int[] e : adj.get(u)) {
                int v = e[0];
                long d = dist[u] + e[1];
                // The first hop toward v: v's address on the link if u is the source, else u's first hops.
                TreeSet<Integer> via = u == src ? new TreeSet<>(List.of(t.linkAddress(e[2], v))) : firstHops[u];
                if (d < dist[v]) {
                    dist[v] = d;
                    firstHops[v] = new TreeSet<>(via);
                    q.add(new long[] {d, v});
                } else if (d == dist[v]) {
                    firstHops[v].addAll(via);
                }
            }
        }
        TreeMap<Ip4Prefix, Route> out = new TreeMap<>();
        for (int r = 0; r < n; r++) {
            if (r == src || dist[r] == Long.MAX_VALUE) continue;
            offer(out, t.lan(r), dist[r] + LAN_COST, firstHops[r]);
        }
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            if (l.a() == src || l.b() == src) continue;
            if (dist[l.a()] != Long.MAX_VALUE) offer(out, t.linkSubnet(i), dist[l.a()] + l.costAb(), firstHops[l.a()]);
            if (dist[l.b()] != Long.MAX_VALUE) offer(out, t.linkSubnet(i), dist[l.b()] + l.costBa(), firstHops[l.b()]);
        }
        return out;
    }

    private static void offer(TreeMap<Ip4Prefix, Route> out, Ip4Prefix p, long cost, TreeSet<Integer> via) {
        Route old = out.get(p);
        if (old == null || cost < old.cost()) {
            out.put(p, new Route((int) cost, new TreeSet<>(via)));
        } else if (cost == old.cost()) {
            old.gateways().addAll(via);
        }
    }
}
