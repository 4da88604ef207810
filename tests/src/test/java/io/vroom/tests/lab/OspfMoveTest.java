package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.sim.ReferenceSpf;
import io.vroom.core.sim.SimNode;
import io.vroom.core.sim.Simulator;
import io.vroom.core.sim.Topology;
import io.vroom.core.sim.TopologySim;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrState;
import io.vroom.ospf.Iface;
import io.vroom.ospf.Neighbor;
import io.vroom.ospf.NsmState;
import io.vroom.ospf.Ospf;
import io.vroom.ospf.OspfFactory;
import io.vroom.ospf.OspfRoute;
import io.vroom.snapshot.StateCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 item 7, "ready to move": on Abilene with 1 s hellos and a 3 s dead interval, Kansas City
 * is captured in the middle of flooding — LSAs on a retransmission list not yet acknowledged, and a
 * database exchange under way on another interface (a link that just healed) — serialized with
 * Kryo, and restored into a fresh VR on another node after a 500 ms stall during which packets for
 * it are held (not dropped) and delivered at resume. No adjacency anywhere drops, no neighbor goes
 * backwards, and the network converges to the reference routes.
 */
class OspfMoveTest {
    static final long MS = 1_000_000L, SEC = 1_000_000_000L;
    static final String MOVER = "kansascity";

    static String ospfYaml(int router, List<TopologySim.Interface> ifs) {
        StringBuilder y = new StringBuilder("interfaces:\n");
        for (TopologySim.Interface i : ifs) {
            if (i.link() < 0) y.append("  - {name: ").append(i.name()).append(", area: 0.0.0.0, passive: true}\n");
            else y.append("  - {name: ").append(i.name()).append(", area: 0.0.0.0, network: point-to-point, hello-interval: 1, dead-interval: 3}\n");
        }
        return y.toString();
    }

    static int linkIndex(Topology t, String a, String b) {
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            String x = t.routers().get(l.a()), y = t.routers().get(l.b());
            if (x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a)) return i;
        }
        throw new IllegalArgumentException(a + "-" + b);
    }

    static Ospf ospf(TopologySim net, int r) {
        return (Ospf) net.router(r).protocol("ospf");
    }

    /** Neighbor (router name + "/" + interface name) → state changes so far, over every router. */
    static Map<String, Integer> stateChanges(TopologySim net) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int r = 0; r < net.size(); r++) {
            @SuppressWarnings("unchecked")
            Map<String, List<Map<String, Object>>> byRid = (Map<String, List<Map<String, Object>>>)
                    ((Map<String, Object>) ospf(net, r).show("neighbor")).get("neighbors");
            for (List<Map<String, Object>> l : byRid.values()) {
                for (Map<String, Object> n : l) out.put(net.topology().routers().get(r) + "/" + String.valueOf(n.get("ifaceName")).split(":")[0],
                        ((Number) n.get("stateChangeCounter")).intValue());
            }
        }
        return out;
    }

    static Map<String, NsmState> states(TopologySim net) {
        Map<String, NsmState> out = new LinkedHashMap<>();
        for (int r = 0; r < net.size(); r++) {
            for (Iface i : ospf(net, r).interfaces().values()) {
                for (Neighbor n : i.neighbors().values()) out.put(net.topology().routers().get(r) + "/" + i.name(), n.state()); // point-to-point: one neighbor
            }
        }
        return out;
    }

    static long adjacencyDrops(TopologySim net) {
        long d = 0;
        for (int r = 0; r < net.size(); r++) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> ifs = (Map<String, Map<String, Object>>) ((Map<String, Object>) ospf(net, r).show("interface")).get("interfaces");
            for (Map<String, Object> i : ifs.values()) d += ((Number) ((Map<?, ?>) i.get("counters")).get("adjacencyDrops")).longValue();
        }
        return d;
    }

    static String mismatches(TopologySim net) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < net.size(); r++) {
            TreeMap<Ip4Prefix, String> want = new TreeMap<>(), got = new TreeMap<>();
            ReferenceSpf.routes(net.topology(), r).forEach((p, x) -> want.put(p, x.cost() + " " + x.gateways()));
            for (Route x : net.router(r).selectedRoutes()) {
                if (x.source() != RouteSource.OSPF) continue;
                TreeSet<Integer> gws = new TreeSet<>();
                for (NextHop h : x.nextHops()) gws.add(h.gateway());
                got.put(x.prefix(), x.metric() + " " + gws);
            }
            if (!want.equals(got)) sb.append(net.topology().routers().get(r)).append(" differs; ");
        }
        return sb.toString();
    }

    /** Abilene with Kansas City–Denver (a long link) and Kansas City–Houston partitioned, converged. */
    static TopologySim converged(long seed) {
        Topology t = Topology.abilene();
        TopologySim net = new TopologySim(new Simulator(seed), t, MS, 200_000, TopologySim.fromYaml(new OspfFactory(), OspfMoveTest::ospfYaml, t));
        net.link(linkIndex(t, MOVER, "denver")).latency(150 * MS); // a long link: its database exchange takes a while
        net.link(linkIndex(t, MOVER, "denver")).setUp(false);
        net.link(linkIndex(t, MOVER, "houston")).setUp(false);
        net.sim().runFor(20 * SEC);
        return net;
    }

    /** Is the mover in the middle of flooding: a retransmission list non-empty and a DD exchange under way elsewhere? */
    static boolean midFlooding(TopologySim net) {
        Ospf o = ospf(net, net.topology().index(MOVER));
        boolean exchanging = false, retransmitting = false;
        for (Iface i : o.interfaces().values()) {
            for (Neighbor n : i.neighbors().values()) {
                if (i.name().equals("to-denver") && n.state() == NsmState.EXCHANGE) exchanging = true;
                if (!i.name().equals("to-denver") && n.state() == NsmState.FULL && n.retransmitCount() > 0) retransmitting = true;
            }
        }
        return exchanging && retransmitting;
    }

    /** Captured mid-flooding (see the class comment): the network, and what the capture saw. */
    record Captured(TopologySim net, Map<String, Integer> changes, Map<String, NsmState> states, int retransmissions, long offsetMs) {}

    static Captured midFloodingCapture() {
        Topology t = Topology.abilene();
        // Heal Kansas City–Houston (once Full, Kansas City floods a new router-LSA and waits for the
        // acknowledgements), and shortly after Kansas City–Denver (a slow DD exchange starts); find
        // an offset where both overlap.
        for (long offsetMs = 0; offsetMs < 3000; offsetMs += 100) {
            TopologySim n = converged(5);
            assertEquals(0, adjacencyDrops(n));
            n.link(linkIndex(t, MOVER, "houston")).setUp(true);
            n.sim().runFor(offsetMs * MS);
            n.link(linkIndex(t, MOVER, "denver")).setUp(true);
            for (int step = 0; step < 4000; step++) {
                n.sim().runFor(MS);
                if (midFlooding(n)) {
                    int rxmt = 0;
                    for (Iface i : ospf(n, t.index(MOVER)).interfaces().values()) for (Neighbor nb : i.neighbors().values()) rxmt += nb.retransmitCount();
                    return new Captured(n, stateChanges(n), states(n), rxmt, offsetMs);
                }
            }
        }
        return null;
    }

    /** Pauses the mover, captures and serializes it, and after {@code stallNs} restores it on a spare node and resumes it. */
    static String move(TopologySim net, long stallNs) {
        int mover = net.topology().index(MOVER);
        Simulator sim = net.sim();
        SimNode spare = sim.addNode("kansascity-2");
        sim.pause(MOVER);
        StateCodec codec = new StateCodec();
        byte[] wire = codec.encode(net.router(mover).capture());
        sim.runFor(stallNs);
        net.homeNode(mover).evict(MOVER);
        VirtualRouter restored = VirtualRouter.restore(codec.decode(wire, VrState.class));
        spare.host(restored, net.ports(mover), false);
        sim.resume(MOVER);
        assertTrue(spare.vrs().containsKey(MOVER) && net.homeNode(mover).vrs().isEmpty());
        return sim.trace().stream().filter(l -> l.contains("vr " + MOVER + " resumed")).findFirst().orElseThrow() + " (" + wire.length + " state bytes)";
    }

    @Test
    void aRouterMovedMidFloodingKeepsEveryAdjacency() {
        Topology t = Topology.abilene();
        Captured c = midFloodingCapture();
        assertNotNull(c, "no instant with a retransmission list and a DD exchange at once");
        assertTrue(c.retransmissions() > 0);
        TopologySim net = c.net();
        Map<String, Integer> changesAtCapture = c.changes();
        Map<String, NsmState> statesAtCapture = c.states();
        String resumed = move(net, 500 * MS);
        assertTrue(!resumed.contains(" with 0 held packets"), "packets arrived during the stall and were held: " + resumed);
        System.out.printf("moved %s mid-flooding (offset %d ms, %d LSAs awaiting acks, %s): %s%n", MOVER, c.offsetMs(), c.retransmissions(),
                statesAtCapture, resumed);
        Simulator sim = net.sim();
        sim.runFor(25 * SEC);
        assertEquals(0, adjacencyDrops(net), "no adjacency anywhere left Full");
        Map<String, Integer> changesAfter = stateChanges(net);
        Map<String, NsmState> statesAfter = states(net);
        List<String> regressions = new ArrayList<>();
        for (Map.Entry<String, NsmState> e : statesAtCapture.entrySet()) {
            NsmState now = statesAfter.get(e.getKey());
            if (now != NsmState.FULL) regressions.add(e.getKey() + " " + e.getValue() + " -> " + now);
        }
        assertEquals(List.of(), regressions, "every neighbor ends Full");
        // Neighbors that were Full stayed Full without a single transition; the two healing links'
        // neighbors only moved forward (at most one transition per state still ahead of them).
        for (Map.Entry<String, Integer> e : changesAtCapture.entrySet()) {
            int delta = changesAfter.getOrDefault(e.getKey(), -1) - e.getValue();
            NsmState was = statesAtCapture.get(e.getKey());
            int ahead = NsmState.FULL.ordinal() - was.ordinal();
            assertTrue(delta >= 0 && delta <= ahead, e.getKey() + " changed state " + delta + " times after the capture (was " + was + ")");
        }
        assertEquals(2 * t.links().size(), statesAfter.size(), "every adjacency exists");
        assertEquals("", mismatches(net), "converged to the reference routes");
        assertEquals(List.of(), net.forwardingProblems());
    }

    @Test
    void aStallLongerThanTheDeadIntervalIsNoticed() {
        // The control: the same move with a 4 s stall (> 3 s dead interval) must drop adjacencies,
        // so the assertions above can fail.
        Captured c = midFloodingCapture();
        assertNotNull(c);
        move(c.net(), 4 * SEC);
        c.net().sim().runFor(25 * SEC);
        assertTrue(adjacencyDrops(c.net()) > 0, "a 4 s stall drops adjacencies");
        assertEquals("", mismatches(c.net()), "and the network still recovers");
    }

    @Test
    void capturedOspfStateSurvivesKryoExactly() {
        // The same capture without a move of time: encode → decode → encode gives the same bytes,
        // and the decoded OSPF has the same neighbors, retransmission lists and LSDB.
        TopologySim net = converged(5);
        int mover = net.topology().index(MOVER);
        net.link(linkIndex(net.topology(), MOVER, "denver")).setUp(true);
        net.sim().runFor(1500 * MS);
        StateCodec codec = new StateCodec();
        byte[] a = codec.encode(net.router(mover).capture());
        VrState back = codec.decode(a, VrState.class);
        byte[] b = new StateCodec().encode(back);
        assertTrue(java.util.Arrays.equals(a, b), "re-encoding the decoded state gives the same bytes");
        Ospf o = (Ospf) VirtualRouter.restore(back).protocol("ospf");
        assertEquals(ospf(net, mover).show("neighbor"), o.show("neighbor"));
        assertEquals(ospf(net, mover).show("database"), o.show("database"));
        assertEquals(ospf(net, mover).show("route"), o.show("route"));
        assertEquals(Set.copyOf(ospf(net, mover).areas().keySet()), Set.copyOf(o.areas().keySet()));
    }

    /**
     * Area 1 (routers r1's second link and r2) as a totally NSSA with a range on the ABR r1, every
     * link with two MD5 keys: state with the newer features survives Kryo byte for byte and shows
     * the same, and the network it came from routed as configured (r0 sees area 1 only as the range).
     */
    @Test
    void stateWithNssaRangesAndKeyRolloverSurvivesKryo() {
        Topology t = new Topology("line", List.of("r0", "r1", "r2"), List.of(new Topology.Link(0, 1, 10, 10), new Topology.Link(1, 2, 10, 10)));
        Ip4Prefix range = new Ip4Prefix(t.linkSubnet(1).address(), 8); // covers area 1's link and r2's LAN (10.x.x.x)
        String auth = "authentication: {type: md5, keys: [{key-id: 1, key: old}, {key-id: 2, key: new}]}";
        TopologySim net = new TopologySim(new Simulator(3), t, MS, 0, TopologySim.fromYaml(new OspfFactory(), (r, ifs) -> {
            // r0 is in the backbone only; r1 is the ABR (its link 1 in area 1); r2 is in area 1 only.
            StringBuilder y = new StringBuilder(r == 0 ? "" : "areas:\n  - {id: 1, type: nssa, no-summary: true, ranges: [{prefix: " + range + "}]}\n");
            y.append("interfaces:\n");
            for (TopologySim.Interface i : ifs) {
                int area = r == 2 || (r == 1 && i.link() == 1) ? 1 : 0;
                y.append("  - {name: ").append(i.name()).append(", area: ").append(area);
                y.append(i.link() < 0 ? ", passive: true}\n" : ", network: point-to-point, hello-interval: 1, dead-interval: 3, " + auth + "}\n");
            }
            return y.toString();
        }, t));
        net.sim().runFor(20 * SEC);
        Ospf r0 = ospf(net, 0);
        TreeMap<Ip4Prefix, OspfRoute.PathType> inter = new TreeMap<>();
        for (OspfRoute r : r0.routingTable().values()) if (r.pathType() != OspfRoute.PathType.INTRA_AREA) inter.put(r.prefix(), r.pathType());
        assertEquals(Map.of(range, OspfRoute.PathType.INTER_AREA), inter, "area 1 reaches the backbone as its range only");
        for (OspfRoute r : ospf(net, 2).routingTable().values()) {
            if (r.pathType() == OspfRoute.PathType.INTER_AREA) assertEquals(Ip4Prefix.DEFAULT, r.prefix(), "totally NSSA: only a default");
        }
        StateCodec codec = new StateCodec();
        for (int r = 0; r < 3; r++) {
            byte[] a = codec.encode(net.router(r).capture());
            VrState back = codec.decode(a, VrState.class);
            assertTrue(java.util.Arrays.equals(a, new StateCodec().encode(back)), "r" + r + ": re-encoding gives the same bytes");
            Ospf o = (Ospf) VirtualRouter.restore(back).protocol("ospf");
            for (String what : List.of("interface", "database", "route", "neighbor")) assertEquals(ospf(net, r).show(what), o.show(what), "r" + r + " " + what);
        }
    }
}
