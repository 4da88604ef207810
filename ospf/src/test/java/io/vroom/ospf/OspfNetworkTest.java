package io.vroom.ospf;

import static io.vroom.ospf.TestNet.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.spi.Rng;
import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import io.vroom.ospf.packet.lsa.NetworkLsa;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole OSPF networks in virtual time: adjacencies, DR election, flooding, SPF vs a reference, failures. */
class OspfNetworkTest {
    static int rid(int n) {
        return Ip4.parse("1.0.0.0") + n;
    }

    static String allDiffs(TestNet net) {
        StringBuilder sb = new StringBuilder();
        for (TestNet.Node n : net.nodes.values()) sb.append(ReferenceSpf.diff(net, n));
        return sb.toString();
    }

    @Test
    void pointToPointNeighborsWalkTheStatesToFull() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2));
        net.link(a, b, 10);
        net.start();
        net.runFor(12 * SEC); // the second round of 10 s Hellos carries each other's id
        Neighbor nb = a.ospf.interfaces().get(0).neighbors().values().iterator().next();
        assertEquals(NsmState.FULL, nb.state());
        assertEquals(rid(2), nb.routerId());
        assertEquals(IsmState.POINT_TO_POINT, a.ospf.interfaces().get(0).state());
        String log = String.join("\n", a.logs);
        for (String t : new String[] {"Down -> Init", "Init -> ExStart", "ExStart -> Exchange", "-> Full"}) assertTrue(log.contains(t), t + " in\n" + log);
        // a (lower router id) ended up slave, b master.
        assertFalse(nb.weAreMaster);
        // Both have each other's router-LSA, and the same database.
        assertEquals(2, a.ospf.areas().get(0).lsdb().size());
        assertEquals(a.ospf.areas().get(0).lsdb().entries().keySet(), b.ospf.areas().get(0).lsdb().entries().keySet());
    }

    @Test
    void lineOfThreeRoutesMatchReference() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2)), c = net.node("c", rid(3));
        net.link(a, b, 10);
        net.link(b, c, 5);
        net.start();
        net.runFor(40 * SEC); // MinLSArrival drops and 5 s retransmissions included
        assertEquals("", allDiffs(net));
        Route r = a.rib.get(Ip4Prefix.parse("10.0.0.4/30"));
        assertEquals(15, r.metric());
        assertEquals(Ip4.parse("10.0.0.2"), r.nextHops().get(0).gateway());
    }

    @Test
    void broadcastDrElectionAndNetworkLsa() {
        TestNet net = new TestNet();
        List<TestNet.Node> ms = new ArrayList<>();
        for (int i = 1; i <= 4; i++) ms.add(net.node("r" + i, rid(i)));
        net.lan(1, ms, List.of(1, 1, 0, 2), 10); // r4 has the highest priority, r3 may never be DR
        net.start();
        net.runFor(60 * SEC); // past the Wait timer (= dead interval), then MinLSInterval
        int drAddr = Ip4.parse("192.168.1.4"), bdrAddr = Ip4.parse("192.168.1.2"); // BDR: highest id among priority 1
        for (TestNet.Node n : ms) {
            Iface i = n.ospf.interfaces().get(0);
            assertEquals(drAddr, i.dr(), n.name + " DR");
            assertEquals(bdrAddr, i.bdr(), n.name + " BDR");
        }
        assertEquals(IsmState.DR, ms.get(3).ospf.interfaces().get(0).state());
        assertEquals(IsmState.BACKUP, ms.get(1).ospf.interfaces().get(0).state());
        assertEquals(IsmState.DR_OTHER, ms.get(0).ospf.interfaces().get(0).state());
        assertTrue(net.allAdjacent(), "DROthers Full with DR/BDR, 2-Way with each other");
        // r1 and r3 (both DROther) stay 2-Way.
        assertEquals(NsmState.TWO_WAY, ms.get(0).ospf.interfaces().get(0).neighbors().get(Ip4.parse("192.168.1.3")).state());
        LsaEntry nl = ms.get(0).ospf.areas().get(0).lsdb().get(new LsaKey(LsaHeader.TYPE_NETWORK, drAddr, rid(4)));
        assertNotNull(nl, "network-LSA by the DR");
        assertEquals(List.of(rid(1), rid(2), rid(3), rid(4)), ((NetworkLsa) nl.lsa().body()).attachedRouters());
    }

    @Test
    void drFailureMakesBdrTheDr() {
        TestNet net = new TestNet();
        net.helloSec = 1;
        net.deadSec = 3;
        List<TestNet.Node> ms = new ArrayList<>();
        for (int i = 1; i <= 3; i++) ms.add(net.node("r" + i, rid(i)));
        TestNet.Segment lan = net.lan(2, ms, List.of(1, 1, 1), 10);
        TestNet.Node far = net.node("far", rid(9));
        net.link(ms.get(0), far, 1);
        net.start();
        net.runFor(10 * SEC);
        assertEquals(Ip4.parse("192.168.2.3"), ms.get(0).ospf.interfaces().get(0).dr());
        // r3 (the DR) silently dies: its LAN interface stops delivering, nobody is told.
        ms.get(2).ospf = null;
        lan.nodes.remove(2);
        lan.ifIndexes.remove(2);
        net.runFor(10 * SEC);
        assertEquals(Ip4.parse("192.168.2.2"), ms.get(0).ospf.interfaces().get(0).dr());
        assertEquals(IsmState.DR, ms.get(1).ospf.interfaces().get(0).state());
        assertNotNull(far.rib.get(Ip4Prefix.parse("192.168.2.0/24")));
    }

    static TestNet abilene(int helloSec, int deadSec) {
        TestNet net = new TestNet();
        net.helloSec = helloSec;
        net.deadSec = deadSec;
        String[] names = {"seattle", "sunnyvale", "losangeles", "denver", "kansascity", "houston", "chicago", "indianapolis", "atlanta", "washington", "newyork"};
        for (int i = 0; i < names.length; i++) net.node(names[i], rid(i + 1));
        String[][] links = {{"seattle", "sunnyvale"}, {"seattle", "denver"}, {"sunnyvale", "losangeles"}, {"sunnyvale", "denver"},
                {"losangeles", "houston"}, {"denver", "kansascity"}, {"kansascity", "houston"}, {"kansascity", "indianapolis"},
                {"houston", "atlanta"}, {"indianapolis", "chicago"}, {"indianapolis", "atlanta"}, {"chicago", "newyork"},
                {"atlanta", "washington"}, {"washington", "newyork"}};
        int[] costs = {10, 20, 5, 14, 17, 8, 9, 6, 11, 3, 7, 10, 4, 2};
        for (int i = 0; i < links.length; i++) net.link(net.node(links[i][0]), net.node(links[i][1]), costs[i]);
        return net;
    }

    @Test
    void abileneConvergesToReferenceWithOneSecondHellos() {
        TestNet net = abilene(1, 3);
        net.start();
        net.runFor(15 * SEC);
        assertTrue(net.allAdjacent());
        assertEquals("", allDiffs(net));
        // Stable: nothing flaps over another minute of 1 s hellos.
        long changes = 0;
        for (TestNet.Node n : net.nodes.values()) for (Iface i : n.ospf.interfaces().values()) for (Neighbor nb : i.neighbors().values()) changes += nb.stateChanges;
        net.runFor(60 * SEC);
        long after = 0;
        for (TestNet.Node n : net.nodes.values()) for (Iface i : n.ospf.interfaces().values()) for (Neighbor nb : i.neighbors().values()) after += nb.stateChanges;
        assertEquals(changes, after, "no adjacency changed state");
    }

    @Test
    void linkFailureAndRecoveryReconverge() {
        TestNet net = abilene(1, 3);
        net.start();
        net.runFor(15 * SEC);
        assertEquals("", allDiffs(net));
        TestNet.Segment s = net.segments.get(5); // denver-kansascity
        net.setSegment(s, false);
        net.runFor(15 * SEC); // MinLSInterval 5 s bounds re-origination
        assertEquals("", allDiffs(net));
        net.setSegment(s, true);
        net.runFor(20 * SEC);
        assertTrue(net.allAdjacent());
        assertEquals("", allDiffs(net));
    }

    @Test
    void silentFailureDetectedByDeadInterval() {
        TestNet net = abilene(1, 3);
        net.start();
        net.runFor(15 * SEC);
        TestNet.Segment s = net.segments.get(11); // chicago-newyork, packets just stop
        s.up = false;
        net.runFor(4 * SEC);
        Iface chi = net.node("chicago").ospf.interfaces().get(1);
        assertTrue(chi.neighbors().isEmpty(), "neighbor dropped after 3 s dead interval");
        net.runFor(12 * SEC);
        assertEquals("", allDiffs(net));
    }

    static TestNet random(int n, int extraEdges, long seed) {
        TestNet net = new TestNet();
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) net.node("r" + i, rid(i + 1));
        List<TestNet.Node> ns = new ArrayList<>(net.nodes.values());
        java.util.Set<Long> edges = new java.util.HashSet<>();
        for (int i = 1; i < n; i++) {
            int j = rng.nextInt(i);
            edges.add((long) j * n + i);
            net.link(ns.get(j), ns.get(i), 1 + rng.nextInt(20), 1 + rng.nextInt(20), 0);
        }
        for (int k = 0; k < extraEdges; k++) {
            int i = rng.nextInt(n), j = rng.nextInt(n);
            if (i == j) continue;
            long key = (long) Math.min(i, j) * n + Math.max(i, j);
            if (!edges.add(key)) continue;
            int c = 1 + rng.nextInt(20);
            net.link(ns.get(i), ns.get(j), c, c, 0);
        }
        return net;
    }

    @Test
    void randomHundredRouterTopologyConverges() {
        TestNet net = random(100, 60, 1234);
        net.start();
        net.runFor(60 * SEC);
        assertTrue(net.allAdjacent());
        assertEquals("", allDiffs(net));
    }

    @Test
    void sameSeedSameTrace() {
        List<String> t1 = traceOf(), t2 = traceOf();
        assertTrue(t1.size() > 100);
        assertEquals(t1, t2);
    }

    private static List<String> traceOf() {
        TestNet net = random(12, 6, 99);
        net.recordTrace = true;
        net.start();
        net.runFor(20 * SEC);
        return net.trace;
    }

    @Test
    void md5AuthenticationFormsAdjacencyAndWrongKeyDoesNot() {
        TestNet net = new TestNet();
        net.auth = Auth.md5(1, "k1");
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2));
        net.link(a, b, 10);
        net.auth = Auth.md5(1, "other");
        TestNet.Node c = net.node("c", rid(3));
        net.auth = Auth.md5(1, "k1");
        net.link(b, c, 10);
        // c's interface has the wrong key: rebuild its config.
        c.ifConfigs.set(0, new OspfConfig.IfaceConfig("eth0", 0, NetworkType.POINT_TO_POINT, 10, 10, 40, 5, 1, 1, false, Auth.md5(1, "bad")));
        net.start();
        net.runFor(15 * SEC);
        assertEquals(NsmState.FULL, a.ospf.interfaces().get(0).neighbors().values().iterator().next().state());
        assertTrue(b.ospf.interfaces().get(1).neighbors().isEmpty());
        assertTrue(b.ospf.interfaces().get(1).counters().drops("auth") > 0);
        assertTrue(a.ospf.interfaces().get(0).txCryptoSeq > 0);
    }

    @Test
    void helloMismatchIsDroppedAndCounted() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2));
        net.link(a, b, 10);
        b.ifConfigs.set(0, new OspfConfig.IfaceConfig("eth0", 0, NetworkType.POINT_TO_POINT, 10, 5, 20, 5, 1, 1, false, Auth.NULL));
        net.start();
        net.runFor(30 * SEC);
        assertTrue(a.ospf.interfaces().get(0).neighbors().isEmpty());
        assertTrue(a.ospf.interfaces().get(0).counters().drops("hello-mismatch") > 0);
        assertTrue(a.logs.stream().anyMatch(l -> l.contains("hello/dead interval")));
    }

    @Test
    void mtuMismatchStopsTheExchange() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2));
        net.link(a, b, 10);
        var old = b.ifs.get(0);
        b.ifs.set(0, new io.vroom.core.spi.InterfaceInfo(0, old.name(), old.address(), old.subnet(), 9000, old.cost(), true));
        net.start();
        net.runFor(30 * SEC);
        Neighbor nb = a.ospf.interfaces().get(0).neighbors().values().iterator().next();
        assertEquals(NsmState.EXSTART, nb.state());
        assertTrue(a.ospf.interfaces().get(0).counters().drops("mtu-mismatch") > 0);
    }

    @Test
    void ownLsasAreRefreshedAndDeadRoutersAgeOut() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2)), c = net.node("c", rid(3));
        net.link(a, b, 10);
        TestNet.Segment bc = net.link(b, c, 10);
        net.start();
        net.runFor(20 * SEC);
        LsaKey aKey = new LsaKey(1, rid(1), rid(1)), cKey = new LsaKey(1, rid(3), rid(3));
        int seq0 = b.ospf.areas().get(0).lsdb().get(aKey).lsa().header().seq();
        net.runFor(1850 * SEC); // past LSRefreshTime
        LsaEntry e = b.ospf.areas().get(0).lsdb().get(aKey);
        assertTrue(e.lsa().header().seq() > seq0, "a refreshed its router-LSA");
        assertTrue(e.ageSec(net.nowNs) < 100);
        // c vanishes without a word; its LSA ages out at MaxAge and is removed.
        c.ospf = null;
        bc.up = false;
        net.runFor(3700 * SEC);
        assertEquals(null, a.ospf.areas().get(0).lsdb().get(cKey));
        assertEquals(NsmState.FULL, a.ospf.interfaces().get(0).neighbors().values().iterator().next().state());
    }

    @Test
    void multiAreaAbrSummariesAndStubDefault() {
        TestNet net = new TestNet();
        TestNet.Node bb = net.node("bb", rid(1)), abr = net.node("abr", rid(2)), in1 = net.node("in1", rid(3));
        TestNet.Node abr2 = net.node("abr2", rid(4)), st = net.node("stub", rid(5));
        net.link(bb, abr, 10, 10, 0);
        net.link(abr, in1, 5, 5, 1);
        net.link(bb, abr2, 10, 10, 0);
        net.link(abr2, st, 3, 3, 2);
        abr2.areas.put(2, new OspfConfig.AreaConfig(2, true, 7));
        st.areas.put(2, new OspfConfig.AreaConfig(2, true, 7));
        st.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 20, true)); // ignored into a stub area's externals
        net.start();
        net.runFor(30 * SEC);
        // Backbone router learns area 1's link as inter-area via the ABR.
        Route r = bb.rib.get(Ip4Prefix.parse("10.0.0.4/30"));
        assertNotNull(r, "bb has area 1's network");
        assertEquals(15, r.metric());
        assertEquals(OspfRoute.PathType.INTER_AREA, bb.ospf.routingTable().get(Ip4Prefix.parse("10.0.0.4/30")).pathType());
        // in1 learns the stub area's network through the backbone: 5 + 10 + 10 + 3.
        assertEquals(28, in1.rib.get(Ip4Prefix.parse("10.0.0.12/30")).metric());
        // The stub router gets a default route from its ABR and no type-5 LSAs.
        Route def = st.rib.get(Ip4Prefix.DEFAULT);
        assertNotNull(def, "default summary into the stub area");
        assertEquals(10, def.metric());
        assertEquals(0, st.ospf.externalLsdb().size());
    }

    @Test
    void redistributedStaticBecomesType2External() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2)), c = net.node("c", rid(3));
        net.link(a, b, 10);
        net.link(b, c, 10);
        a.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 30, true));
        c.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 5, false));
        a.staticRoutes.add(Route.of(Ip4Prefix.parse("172.16.0.0/16"), io.vroom.core.rib.RouteSource.STATIC, 0, List.of()));
        c.staticRoutes.add(Route.of(Ip4Prefix.parse("172.17.0.0/16"), io.vroom.core.rib.RouteSource.STATIC, 0, List.of()));
        net.start();
        net.runFor(40 * SEC);
        OspfRoute e2 = c.ospf.routingTable().get(Ip4Prefix.parse("172.16.0.0/16"));
        assertEquals(OspfRoute.PathType.EXTERNAL_2, e2.pathType());
        assertEquals(30, e2.cost());
        assertEquals(20, e2.cost2());
        // show as FRR: an E2's "cost" is the distance to the ASBR, "type2cost" the external metric; the ASBR is an "R " entry.
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) c.ospf.show("route");
        @SuppressWarnings("unchecked")
        Map<String, Object> e2Shown = (Map<String, Object>) shown.get("172.16.0.0/16");
        assertEquals("N E2", e2Shown.get("routeType"));
        assertEquals(20, e2Shown.get("cost"));
        assertEquals(30, e2Shown.get("type2cost"));
        @SuppressWarnings("unchecked")
        Map<String, Object> asbr = (Map<String, Object>) shown.get("1.0.0.1");
        assertEquals("asbr", asbr.get("routerType"));
        assertEquals(20, asbr.get("cost"));
        OspfRoute e1 = a.ospf.routingTable().get(Ip4Prefix.parse("172.17.0.0/16"));
        assertEquals(OspfRoute.PathType.EXTERNAL_1, e1.pathType());
        assertEquals(25, e1.cost());
        // Withdrawal: the static route goes away.
        a.staticRoutes.clear();
        a.ospf.handleRibChange(net.nowNs, a, new io.vroom.core.rib.RibDelta(Ip4Prefix.parse("172.16.0.0/16"), null));
        net.runFor(10 * SEC);
        assertEquals(null, c.rib.get(Ip4Prefix.parse("172.16.0.0/16")));
    }

    @Test
    void showUsesFrrVocabulary() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2));
        net.link(a, b, 10);
        net.start();
        net.runFor(15 * SEC);
        @SuppressWarnings("unchecked")
        Map<String, Object> nbrs = (Map<String, Object>) ((Map<String, Object>) a.ospf.show("neighbor")).get("neighbors");
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) ((List<Object>) nbrs.get("1.0.0.2")).get(0);
        assertEquals("Full/DROther", n.get("state"));
        assertEquals("10.0.0.2", n.get("address"));
        assertNotNull(a.ospf.show("interface"));
        assertNotNull(a.ospf.show("database"));
        assertNotNull(a.ospf.show("route"));
    }
}
