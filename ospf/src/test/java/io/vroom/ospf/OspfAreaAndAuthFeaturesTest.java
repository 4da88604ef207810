package io.vroom.ospf;

import static io.vroom.ospf.TestNet.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.lsa.LsaHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * In virtual time: MD5 key rollover (RFC 2328 Appendix D.3), area address ranges with and without
 * not-advertise (§12.4.3, C.2), and totally stubby areas. Each asserts the routes that result.
 */
class OspfAreaAndAuthFeaturesTest {
    static int rid(int n) {
        return Ip4.parse("1.0.0.0") + n;
    }

    private static void setAuth(TestNet.Node n, int ifIndex, Auth auth) {
        OspfConfig.IfaceConfig c = n.ifConfigs.get(ifIndex);
        n.ifConfigs.set(ifIndex, new OspfConfig.IfaceConfig(c.name(), c.areaId(), c.network(), c.cost(), c.helloIntervalSec(), c.deadIntervalSec(),
                c.retransmitIntervalSec(), c.transmitDelaySec(), c.priority(), c.passive(), auth));
    }

    private static NsmState state(TestNet.Node n, int ifIndex) {
        var nbrs = n.ospf.interfaces().get(ifIndex).neighbors();
        return nbrs.isEmpty() ? NsmState.DOWN : nbrs.values().iterator().next().state();
    }

    @Test
    void md5KeyRolloverSendsWithTheNewestKeyAndAcceptsAnyConfigured() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", rid(1)), b = net.node("b", rid(2)), c = net.node("c", rid(3)), d = net.node("d", rid(4));
        net.link(a, b, 10);
        net.link(a, c, 10);
        net.link(a, d, 10);
        Auth.Key old = Auth.md5Key(1, "old"), neu = Auth.md5Key(2, "new"), neuAcceptOnly = Auth.md5Key(2, "new", false);
        // a has finished the rollover on every link: sends with key 2, still accepts key 1.
        for (int i = 0; i < 3; i++) setAuth(a, i, Auth.md5(List.of(old, neu)));
        // b is mid-rollover: accepts key 2 but still sends with key 1 (D.3: KeyStartAccept before KeyStartGenerate).
        setAuth(b, 0, Auth.md5(List.of(old, neuAcceptOnly)));
        // c has the new key only; d has never heard of it.
        setAuth(c, 0, Auth.md5(List.of(neu)));
        setAuth(d, 0, Auth.md5(List.of(old)));
        net.start();
        net.runFor(30 * SEC);
        assertEquals(NsmState.FULL, state(a, 0), "a (sends 2) with b (sends 1, accepts 2)");
        assertEquals(NsmState.FULL, state(b, 0));
        assertEquals(NsmState.FULL, state(a, 1), "a with c (key 2 only)");
        // d drops every packet a signs with key 2 (unknown key id): no adjacency, counted as auth drops.
        assertTrue(state(d, 0) != NsmState.FULL, "d cannot authenticate a");
        assertTrue(d.ospf.interfaces().get(0).counters().drops("auth") > 0);
        assertTrue(d.logs.stream().anyMatch(l -> l.contains("unknown MD5 key id 2")), String.join("\n", d.logs));
        assertEquals(2, a.ospf.interfaces().get(0).auth.keyId());
        assertEquals(1, b.ospf.interfaces().get(0).auth.keyId());
        // Routes flow across the rolled-over links: c reaches b's link through a.
        assertEquals(20, c.rib.get(Ip4Prefix.parse("10.0.0.0/30")).metric());
        assertEquals(0, a.ospf.interfaces().get(0).counters().drops("auth"));
        assertEquals(0, a.ospf.interfaces().get(1).counters().drops("auth"));
    }

    /**
     * bb -(area 0)- abr -(area 1)- in1 -(area 1)- in2, with costs 10, 5, 5: links 10.0.0.0/30
     * (area 0), 10.0.0.4/30 and 10.0.0.8/30 (area 1). The ABR's range 10.0.0.0/28 for area 1 covers area 1's two links.
     */
    private static TestNet rangeNet(boolean advertise) {
        TestNet net = new TestNet();
        TestNet.Node bb = net.node("bb", rid(1)), abr = net.node("abr", rid(2)), in1 = net.node("in1", rid(3)), in2 = net.node("in2", rid(4));
        net.link(bb, abr, 10, 10, 0);
        net.link(abr, in1, 5, 5, 1);
        net.link(in1, in2, 5, 5, 1);
        abr.areas.put(1, new OspfConfig.AreaConfig(1, false, 1, false,
                List.of(new OspfConfig.AreaRange(Ip4Prefix.parse("10.0.0.0/28"), advertise))));
        net.start();
        net.runFor(40 * SEC);
        return net;
    }

    @Test
    void areaRangeIsAdvertisedAsOneSummaryWithTheHighestComponentCost() {
        TestNet net = rangeNet(true);
        TestNet.Node bb = net.node("bb"), in2 = net.node("in2");
        Map<Ip4Prefix, OspfRoute> t = bb.ospf.routingTable();
        OspfRoute range = t.get(Ip4Prefix.parse("10.0.0.0/28"));
        assertNotNull(range, "the range reaches the backbone: " + t.keySet());
        assertEquals(OspfRoute.PathType.INTER_AREA, range.pathType());
        assertEquals(10 + 10, range.cost(), "bb->abr 10 + the costlier component (abr->in1->in2 link: 10)");
        assertNull(t.get(Ip4Prefix.parse("10.0.0.4/30")), "components are not advertised one by one");
        assertNull(t.get(Ip4Prefix.parse("10.0.0.8/30")));
        assertEquals(20, bb.rib.get(Ip4Prefix.parse("10.0.0.0/28")).metric());
        // Inside area 1 the networks stay intra-area, and the backbone's link comes in as a summary.
        assertEquals(OspfRoute.PathType.INTRA_AREA, in2.ospf.routingTable().get(Ip4Prefix.parse("10.0.0.4/30")).pathType());
        assertEquals(OspfRoute.PathType.INTER_AREA, in2.ospf.routingTable().get(Ip4Prefix.parse("10.0.0.0/30")).pathType());
        assertEquals(5 + 5 + 10, in2.ospf.routingTable().get(Ip4Prefix.parse("10.0.0.0/30")).cost());
    }

    @Test
    void aRangeAndANetworkWithTheSameAddressBothReachAThirdAreaAppendixE() {
        // Into area 2, the ABR summarizes both the backbone link 10.0.0.0/30 and area 1's range 10.0.0.0/28:
        // one link state id for two prefixes, so the /30 takes 10.0.0.3 (host bits set, Appendix E).
        TestNet net = new TestNet();
        TestNet.Node bb = net.node("bb", rid(1)), abr = net.node("abr", rid(2)), in1 = net.node("in1", rid(3)), in2 = net.node("in2", rid(4));
        TestNet.Node x = net.node("x", rid(5));
        net.link(bb, abr, 10, 10, 0);
        net.link(abr, in1, 5, 5, 1);
        net.link(in1, in2, 5, 5, 1);
        net.link(abr, x, 1, 1, 2);
        abr.areas.put(1, new OspfConfig.AreaConfig(1, false, 1, false, List.of(new OspfConfig.AreaRange(Ip4Prefix.parse("10.0.0.0/28"), true))));
        net.start();
        net.runFor(40 * SEC);
        Map<Ip4Prefix, OspfRoute> t = x.ospf.routingTable();
        assertEquals(1 + 10, t.get(Ip4Prefix.parse("10.0.0.0/30")).cost(), t.keySet().toString());
        assertEquals(1 + 10, t.get(Ip4Prefix.parse("10.0.0.0/28")).cost(), t.keySet().toString());
        Lsdb db = x.ospf.areas().get(2).lsdb();
        assertNotNull(db.get(new io.vroom.ospf.packet.lsa.LsaKey(LsaHeader.TYPE_SUMMARY, Ip4.parse("10.0.0.0"), rid(2))));
        assertNotNull(db.get(new io.vroom.ospf.packet.lsa.LsaKey(LsaHeader.TYPE_SUMMARY, Ip4.parse("10.0.0.3"), rid(2))));
    }

    @Test
    void notAdvertiseRangeHidesItsNetworksFromOtherAreas() {
        TestNet net = rangeNet(false);
        TestNet.Node bb = net.node("bb"), in2 = net.node("in2");
        List<Ip4Prefix> interArea = new ArrayList<>();
        for (OspfRoute r : bb.ospf.routingTable().values()) if (r.pathType() != OspfRoute.PathType.INTRA_AREA) interArea.add(r.prefix());
        assertEquals(List.of(), interArea, "nothing of area 1 reaches the backbone");
        assertNull(bb.rib.get(Ip4Prefix.parse("10.0.0.8/30")));
        assertNotNull(in2.rib.get(Ip4Prefix.parse("10.0.0.0/30")), "the other direction is not affected");
    }

    @Test
    void totallyStubbyAreaGetsOnlyTheDefaultSummary() {
        TestNet net = new TestNet();
        TestNet.Node bb = net.node("bb", rid(1)), abr = net.node("abr", rid(2)), st = net.node("st", rid(3)), other = net.node("other", rid(4));
        net.link(bb, abr, 10, 10, 0);
        net.link(abr, st, 3, 3, 2);
        net.link(bb, other, 10, 10, 0);
        abr.areas.put(2, new OspfConfig.AreaConfig(2, true, 7, true, List.of()));
        st.areas.put(2, new OspfConfig.AreaConfig(2, true, 7, true, List.of()));
        bb.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 20, true));
        bb.staticRoutes.add(io.vroom.core.rib.Route.of(Ip4Prefix.parse("172.16.0.0/16"), io.vroom.core.rib.RouteSource.STATIC, 0, List.of()));
        net.start();
        net.runFor(40 * SEC);
        TreeMap<Ip4Prefix, OspfRoute.PathType> stRoutes = new TreeMap<>();
        for (OspfRoute r : st.ospf.routingTable().values()) stRoutes.put(r.prefix(), r.pathType());
        assertEquals(Map.of(Ip4Prefix.DEFAULT, OspfRoute.PathType.INTER_AREA, Ip4Prefix.parse("10.0.0.4/30"), OspfRoute.PathType.INTRA_AREA),
                stRoutes, "only its own link and the default");
        assertEquals(3 + 7, st.rib.get(Ip4Prefix.DEFAULT).metric());
        // In the area's database: the ABR's single type-3 (the default), no type 4, no type 5.
        Lsdb db = st.ospf.areas().get(2).lsdb();
        assertEquals(1, db.byType(LsaHeader.TYPE_SUMMARY).size());
        assertEquals(0, db.byType(LsaHeader.TYPE_SUMMARY).firstEntry().getValue().lsa().header().lsId());
        assertEquals(0, db.byType(LsaHeader.TYPE_ASBR_SUMMARY).size());
        assertEquals(0, st.ospf.externalLsdb().size());
        // The rest of the network still learns the stub area's network.
        assertEquals(10 + 10 + 3, other.rib.get(Ip4Prefix.parse("10.0.0.4/30")).metric());
    }
}
