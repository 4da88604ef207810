package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.BgpProtocolFactory;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.sim.Simulator;
import io.vroom.core.sim.Topology;
import io.vroom.core.sim.TopologySim;
import io.vroom.core.spi.Protocol;
import io.vroom.ospf.OspfFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 item 3 in the simulator: Abilene with OSPF and iBGP (one reflector); every VR's BGP route
 * to every other VR's prefix is installed with the next hops of its OSPF route toward the
 * originator, and follows OSPF when a link fails (next-hop tracking).
 */
class IbgpOverOspfTest {
    static final long S = 1_000_000_000L;

    static TopologySim abilene(long seed) {
        Topology t = Topology.abilene();
        TopologySim.Protocols ospf = TopologySim.fromYaml(new OspfFactory(), OspfMoveTest::ospfYaml, t);
        BgpProtocolFactory bgpFactory = new BgpProtocolFactory();
        return new TopologySim(new Simulator(seed), t, 1_000_000, 100_000, (r, config, vr) -> {
            List<Protocol> ps = new ArrayList<>(ospf.create(r, config, vr));
            ps.add(bgpFactory.create(ConfigNode.parse(t.routers().get(r) + ".bgp.yaml", IbgpPlan.yaml(t, r, 0)), vr));
            return ps;
        });
    }

    static Route selected(TopologySim net, int r, Ip4Prefix p) {
        for (Route x : net.router(r).selectedRoutes()) if (x.prefix().equals(p)) return x;
        return null;
    }

    static TreeSet<NextHop> hops(Route r) {
        return r == null ? new TreeSet<>() : new TreeSet<>(r.nextHops());
    }

    /** Every router → every other router's BGP prefix: what differs from the OSPF route to the originator's LAN. */
    static List<String> problems(TopologySim net) {
        Topology t = net.topology();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < net.size(); r++) {
            for (int x = 0; x < net.size(); x++) {
                if (x == r) continue;
                Route bgp = selected(net, r, IbgpPlan.prefix(x));
                Route igp = selected(net, r, t.lan(x));
                if (bgp == null || bgp.source() != RouteSource.IBGP) out.add(t.routers().get(r) + ": no iBGP route to " + IbgpPlan.prefix(x));
                else if (igp == null || !hops(bgp).equals(hops(igp))) {
                    out.add(t.routers().get(r) + ": " + IbgpPlan.prefix(x) + " via " + hops(bgp) + " but OSPF to " + t.lan(x) + " via " + hops(igp));
                }
            }
        }
        return out;
    }

    static int established(TopologySim net) {
        int n = 0;
        for (int r = 0; r < net.size(); r++) {
            Map<?, ?> s = (Map<?, ?>) net.router(r).protocol("bgp").show("summary");
            for (Object nb : (List<?>) s.get("neighbors")) if ("ESTABLISHED".equals(((Map<?, ?>) nb).get("state"))) n++;
        }
        return n;
    }

    @Test
    void ibgpNextHopsResolveOverOspfAndFollowIt() {
        TopologySim net = abilene(7);
        net.sim().runFor(40 * S);
        assertEquals(IbgpPlan.expectedSessions(net.topology()), established(net), "every iBGP session up");
        assertEquals(List.of(), problems(net));
        // Fail a link: the BGP route between its ends must move with OSPF.
        Topology t = net.topology();
        int link = 0;
        TreeSet<NextHop> before = hops(selected(net, t.links().get(link).a(), IbgpPlan.prefix(t.links().get(link).b())));
        net.link(link).setUp(false);
        net.sim().runFor(20 * S);
        assertEquals(List.of(), problems(net), "after the failure, BGP follows OSPF");
        TreeSet<NextHop> after = hops(selected(net, t.links().get(link).a(), IbgpPlan.prefix(t.links().get(link).b())));
        assertNotEquals(before, after, "the route across the failed link moved");
        assertFalse(after.isEmpty(), "and is still there");
        net.link(link).setUp(true);
        net.sim().runFor(20 * S);
        assertEquals(List.of(), problems(net), "after recovery");
        assertEquals(IbgpPlan.expectedSessions(t), established(net), "sessions survived (hold time 30 s > OSPF reconvergence)");
    }

    /** (router, neighbor) → the neighbor's last error: unchanged means no session reset in between. */
    static Map<String, Object> lastErrors(TopologySim net) {
        Map<String, Object> out = new java.util.TreeMap<>();
        for (int r = 0; r < net.size(); r++) {
            Map<?, ?> s = (Map<?, ?>) net.router(r).protocol("bgp").show("summary");
            for (Object nb : (List<?>) s.get("neighbors")) out.put(r + "/" + ((Map<?, ?>) nb).get("neighbor"), ((Map<?, ?>) nb).get("lastError"));
        }
        return out;
    }

    @Test
    void routesWhoseNextHopWasUnreachableComeBackWhenItIsReachableAgain() {
        TopologySim net = abilene(11);
        net.sim().runFor(40 * S);
        assertEquals(List.of(), problems(net));
        Topology t = net.topology();
        int seattle = t.index("seattle"), newyork = t.index("newyork");
        Map<String, Object> errorsBefore = lastErrors(net);
        List<Integer> cut = new ArrayList<>();
        for (int i = 0; i < t.links().size(); i++) if (t.links().get(i).a() == seattle || t.links().get(i).b() == seattle) cut.add(i);
        for (int i : cut) net.link(i).setUp(false);
        net.sim().runFor(6 * S); // OSPF's dead interval (3 s) passes; BGP's hold time (30 s) does not
        Route gone = selected(net, newyork, IbgpPlan.prefix(seattle));
        assertTrue(gone == null || gone.source() != RouteSource.IBGP, "seattle's next hop is unreachable: its BGP route left newyork's RIB");
        for (int i : cut) net.link(i).setUp(true);
        net.sim().runFor(15 * S);
        assertEquals(errorsBefore, lastErrors(net), "no BGP session was reset: the route must come back by next-hop tracking alone");
        assertEquals(List.of(), problems(net), "the route is back, over OSPF's new route");
    }
}
