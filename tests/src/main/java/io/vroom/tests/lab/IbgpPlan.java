package io.vroom.tests.lab;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.sim.Topology;

/**
 * iBGP over OSPF on a lab topology (issue 5: "in the Abilene lab, iBGP next hops resolve over
 * OSPF"): one AS, one route reflector, every other router its client. Sessions run between LAN
 * addresses (reachable through OSPF, like loopbacks), and router {@code r} originates
 * {@link #prefix}{@code (r)} with its LAN address as next hop — so every iBGP route resolves
 * recursively through an OSPF route, and moves when OSPF does.
 */
public final class IbgpPlan {
    public static final long AS = 65000;

    private IbgpPlan() {}

    /** The BGP prefix router {@code r} originates: 172.16.r.0/24. */
    public static Ip4Prefix prefix(int r) {
        return new Ip4Prefix(Ip4.parse("172.16." + r + ".0"), 24);
    }

    /** The reflector: the router with the most links (ties: lowest index). */
    public static int reflector(Topology t) {
        int best = 0, bestDegree = -1;
        for (int r = 0; r < t.routers().size(); r++) {
            int d = 0;
            for (Topology.Link l : t.links()) if (l.a() == r || l.b() == r) d++;
            if (d > bestDegree) {
                best = r;
                bestDegree = d;
            }
        }
        return best;
    }

    /** The body of router {@code r}'s {@code bgp:} section, indented by {@code indent} spaces. */
    public static String yaml(Topology t, int r, int indent) {
        String pad = " ".repeat(indent);
        int rr = reflector(t);
        String lan = Ip4.format(t.lanAddress(r));
        StringBuilder y = new StringBuilder();
        y.append(pad).append("local-as: ").append(AS).append('\n');
        y.append(pad).append("networks: [\"").append(prefix(r)).append(" next-hop=").append(lan).append("\"]\n");
        y.append(pad).append("neighbors:\n");
        for (int x = 0; x < t.routers().size(); x++) {
            if (x == r || (r != rr && x != rr)) continue;
            y.append(pad).append("  - {address: ").append(Ip4.format(t.lanAddress(x))).append(", remote-as: ").append(AS)
                    .append(", local-address: ").append(lan).append(", connect-retry: 5, hold-time: 30")
                    .append(r == rr ? ", route-reflector-client: true" : "").append("}\n");
        }
        return y.toString();
    }

    /** Established iBGP sessions the plan expects: one per client, counted at both ends. */
    public static int expectedSessions(Topology t) {
        return 2 * (t.routers().size() - 1);
    }
}
