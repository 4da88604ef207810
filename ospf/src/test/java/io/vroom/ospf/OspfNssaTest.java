package io.vroom.ospf;

import static io.vroom.ospf.TestNet.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.ospf.packet.lsa.ExternalLsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import io.vroom.ospf.packet.lsa.NssaLsa;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not-so-stubby areas (RFC 3101) in virtual time: bb -(area 0, 10)- abr -(area 1 NSSA, 5)- asbr,
 * and bb -(area 0, 10)- other. asbr redistributes 172.16.0.0/16 (E2, 20) as a type-7 LSA; the ABR
 * translates it into a type-5 LSA that keeps the forwarding address; other's type-5 route
 * 172.17.0.0/16 never enters the NSSA.
 */
class OspfNssaTest {
    static int rid(int n) {
        return Ip4.parse("1.0.0.0") + n;
    }

    static final Ip4Prefix P16 = Ip4Prefix.parse("172.16.0.0/16"), P17 = Ip4Prefix.parse("172.17.0.0/16");

    private static TestNet nssaNet(OspfConfig.AreaConfig abrArea, OspfConfig.AreaConfig asbrArea) {
        TestNet net = new TestNet();
        TestNet.Node bb = net.node("bb", rid(1)), abr = net.node("abr", rid(2)), asbr = net.node("asbr", rid(3)), other = net.node("other", rid(4));
        net.link(bb, abr, 10, 10, 0);
        net.link(abr, asbr, 5, 5, 1);
        net.link(bb, other, 10, 10, 0);
        abr.areas.put(1, abrArea);
        asbr.areas.put(1, asbrArea);
        asbr.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 20, true));
        asbr.staticRoutes.add(Route.of(P16, RouteSource.STATIC, 0, List.of()));
        other.redistribute.add(new OspfConfig.Redistribute(OspfConfig.Source.STATIC, 30, true));
        other.staticRoutes.add(Route.of(P17, RouteSource.STATIC, 0, List.of()));
        net.start();
        net.runFor(60 * SEC);
        return net;
    }

    @Test
    void type7IsTranslatedAtTheAbrAndType5StaysOutOfTheNssa() {
        TestNet net = nssaNet(OspfConfig.AreaConfig.nssa(1, 1, false, false), OspfConfig.AreaConfig.nssa(1, 1, false, false));
        TestNet.Node bb = net.node("bb"), abr = net.node("abr"), asbr = net.node("asbr"), other = net.node("other");
        int fa = Ip4.parse("10.0.0.6"); // asbr's address in the NSSA
        // The type-7 LSA in the NSSA's database, P bit set, forwarding address asbr's.
        LsaEntry t7 = abr.ospf.areas().get(1).lsdb().get(new LsaKey(LsaHeader.TYPE_NSSA, P16.address(), rid(3)));
        assertNotNull(t7, "type-7 at the ABR");
        assertTrue((t7.lsa().header().options() & NssaLsa.OPTION_NP) != 0, "P bit");
        assertEquals(fa, ((NssaLsa) t7.lsa().body()).forwardingAddress());
        // The ABR translates it: a type-5 of its own with the same metric and forwarding address (RFC 3101 §3.2).
        LsaEntry t5 = bb.ospf.externalLsdb().get(new LsaKey(LsaHeader.TYPE_EXTERNAL, P16.address(), rid(2)));
        assertNotNull(t5, "translated type-5 reached the backbone");
        assertEquals(new ExternalLsa(P16.mask(), true, 20, fa, 0), t5.lsa().body());
        // Routes: the ABR through the type-7 (cost to the forwarding address 5); bb and other through the translation.
        OspfRoute atAbr = abr.ospf.routingTable().get(P16);
        assertEquals(OspfRoute.PathType.EXTERNAL_2, atAbr.pathType());
        assertEquals(20, atAbr.cost());
        assertEquals(5, atAbr.cost2());
        // The forwarding address is on the ABR's attached link: it is the gateway itself (§16.4), not "on link".
        assertEquals(fa, abr.rib.get(P16).nextHops().get(0).gateway());
        assertEquals(15, bb.ospf.routingTable().get(P16).cost2(), "bb: 10 to the ABR + 5 to the forwarding address");
        assertEquals(25, other.ospf.routingTable().get(P16).cost2());
        assertEquals(Ip4.parse("10.0.0.2"), bb.rib.get(P16).nextHops().get(0).gateway());
        // Nothing of type 5 inside the NSSA: no LSA, no route to other's external; inter-area routes still come in.
        assertEquals(0, asbr.ospf.externalLsdb().size());
        assertNull(asbr.rib.get(P17));
        assertEquals(OspfRoute.PathType.INTER_AREA, asbr.ospf.routingTable().get(Ip4Prefix.parse("10.0.0.8/30")).pathType());
        // The ASBR's own type-5 is not originated (it sits only in an NSSA), and the NSSA's routers' Hellos carry the N bit.
        assertNull(bb.ospf.externalLsdb().get(new LsaKey(LsaHeader.TYPE_EXTERNAL, P16.address(), rid(3))));
        assertEquals(NsmState.FULL, asbr.ospf.interfaces().get(0).neighbors().values().iterator().next().state());
    }

    @Test
    void totallyNssaGetsADefaultAndNoSummariesAndStillTranslates() {
        TestNet net = nssaNet(OspfConfig.AreaConfig.nssa(1, 7, true, false), OspfConfig.AreaConfig.nssa(1, 7, true, false));
        TestNet.Node bb = net.node("bb"), asbr = net.node("asbr");
        for (OspfRoute r : asbr.ospf.routingTable().values()) {
            if (r.pathType() == OspfRoute.PathType.INTER_AREA) assertEquals(Ip4Prefix.DEFAULT, r.prefix(), "only the default is inter-area");
        }
        assertEquals(5 + 7, asbr.rib.get(Ip4Prefix.DEFAULT).metric());
        assertNotNull(bb.ospf.routingTable().get(P16), "translation still happens");
    }

    @Test
    void abrOriginatesAType7DefaultWhenConfigured() {
        TestNet net = nssaNet(OspfConfig.AreaConfig.nssa(1, 3, false, true), OspfConfig.AreaConfig.nssa(1, 3, false, false));
        TestNet.Node asbr = net.node("asbr"), bb = net.node("bb");
        OspfRoute def = asbr.ospf.routingTable().get(Ip4Prefix.DEFAULT);
        assertNotNull(def, "type-7 default");
        assertEquals(OspfRoute.PathType.EXTERNAL_2, def.pathType());
        assertEquals(3, def.cost());
        // Its P bit is clear: the default is not translated out of the NSSA.
        assertNull(bb.ospf.routingTable().get(Ip4Prefix.DEFAULT));
    }

    @Test
    void nssaAndNormalAreaOnOneLinkDoNotBecomeNeighbors() {
        TestNet net = nssaNet(OspfConfig.AreaConfig.nssa(1, 1, false, false), new OspfConfig.AreaConfig(1, false, 1));
        TestNet.Node abr = net.node("abr");
        assertTrue(abr.ospf.interfaces().get(1).neighbors().isEmpty());
        assertTrue(abr.ospf.interfaces().get(1).counters().drops("hello-mismatch") > 0);
        assertTrue(abr.logs.stream().anyMatch(l -> l.contains("mismatch (stub area or NSSA)") || l.contains("N-bit mismatch")), String.join("\n", abr.logs));
    }
}
